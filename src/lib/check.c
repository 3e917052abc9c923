/*
 * check.c - the record checks: acts that the treaty's rules make impossible
 * or that contradict each other. Each problem names the act's origin
 * (file:line) and says which rule it breaks.
 *
 * Checks only report; they never change the record.
 */
#include "pacta/status.h"
#include "array.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which check found a problem (pacta_diag.check): with the acts it names,
 * it tells one problem from another across two runs of the checks. */
enum check_id {
	CK_CONFLICT_DATES = 1,
	CK_DUPLICATE,
	CK_BEFORE_ADOPTION,
	CK_EFFECTIVE_NOT_CONSENT,
	CK_OBJECTION_NO_TARGET,
	CK_TARGET_NOT_OBJECTION,
	CK_AFTER_WITHDRAWAL,
	CK_SIGNED_TWICE,
	CK_SIGNATURE_NOT_OPEN,
	CK_SIGNATURE_CLOSED_IN_FORCE,
	CK_SIGNATURE_CLOSED,
	CK_SIGNATURE_AFTER_CONSENT,
	CK_NO_SUCH_INSTRUMENT,
	CK_CONSENT_STANDS,
	CK_CONSENT_UNSIGNED,
	CK_ACCESSION_BY_SIGNATORY,
	CK_EFFECTIVE_AFTER_DEPOSIT,
	CK_RESERVATION,
	CK_PROVISIONAL,
	CK_NO_WITHDRAWAL_CLAUSE,
	CK_WITHDRAWAL_WITHOUT_CONSENT,
	CK_SECOND_WITHDRAWAL,
	CK_UNDOES_NOTHING,
	CK_PARENT_UNKNOWN,
	CK_PARENT_NOT_PARTY,
	CK_DISCREPANCY,
	CK_ACCESSION_NOT_OPEN,
	CK_PROVISIONAL_WHEN,
	CK_PROVISIONAL_NOTHING,
	CK_WITHDRAWAL_EARLY_DATE,
	CK_SUCCESSION_COMPUTED,
	CK_PROVISIONAL_END,
	CK_PROVISIONAL_END_NOTHING,
};

static int diag(pacta_diags *out, enum check_id check, long act, long other, const char *where,
		const char *fmt, ...) PACTA_PRINTF(6, 7);

static int diag(pacta_diags *out, enum check_id check, long act, long other, const char *where,
		const char *fmt, ...)
{
	if (array_grow((void **)&out->items, out->n, &out->cap, sizeof(*out->items)))
		return -1;
	pacta_diag *d = &out->items[out->n++];
	d->where = where;
	d->check = (unsigned)check;
	d->act = (int32_t)act;
	d->other = (int32_t)other;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
	return 0;
}

static const char *art(const pacta_clause *c)
{
	return c->article ? c->article : "?";
}

/* Another act, as a problem names it beside the act it is about:
 * "recorded at ORIGIN (ACTION on DATE)". */
#define REF_BUFSZ 200
static const char *ref(const pacta_record *rec, size_t j, char buf[REF_BUFSZ])
{
	const pacta_act *a = &rec->acts[j];
	char d[PACTA_DATE_BUFSZ];
	snprintf(buf, REF_BUFSZ, "recorded at %.120s (%s on %s)", a->origin,
		 pacta_action_name(a->action), pacta_date_format(a->date, d));
	return buf;
}

/* When the withdrawal notified by act j takes effect, as the compiled
 * status derived it (an armed conflict may hold it: PACTA_DAY_OPEN while
 * held with no end). Only the latest withdrawal has a derivation in the
 * timeline; an earlier one, followed by a new consent, took effect after
 * its notice period. */
static pacta_day withdrawal_effect(const pacta_treaty_status *ts, uint32_t p, size_t j)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	pacta_derivation d_buf;
	const pacta_derivation *d = tl->withdrawal_why >= 0
		? pacta_treaty_status_derivation(ts, (uint32_t)tl->withdrawal_why, &d_buf)
		: NULL;
	if (d && d->n_acts && d->acts[0] == j)
		return tl->withdrawal_effective == PACTA_DAY_NONE ? PACTA_DAY_OPEN
								  : tl->withdrawal_effective;
	const pacta_rules *r = rec->treaties[pacta_treaty_status_treaty(ts)].rules;
	return pacta_delay_apply(r->withdrawal_notice, rec->acts[j].date);
}

/* Did act i (a revocation or a notice of non-intent) change the status?
 * The compiled status gives it effect only when it applies. */
static bool undid(const pacta_treaty_status *ts, uint32_t p, uint32_t i)
{
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	for (size_t k = 0; k < tl->n_intervals; k++) {
		pacta_derivation d_buf;
		const pacta_derivation *d = pacta_treaty_status_derivation(ts, tl->intervals[k].why, &d_buf);
		if (d && d->kind == PACTA_DERIV_ACT && d->n_acts && d->acts[0] == i)
			return true;
	}
	return false;
}

static const char *undo_refusal(pacta_action action)
{
	switch (action) {
	case PACTA_ACT_REVOCATION:
		return "only a consent not yet in force for the state can be revoked (one in force can only be withdrawn from)";
	case PACTA_ACT_NON_INTENT:
		return "only a signatory that has not consented can say it does not intend to become a party";
	default:
		return "it had no status under this treaty";
	}
}

/* Where one participant stands while its acts are read in date order,
 * with the act behind each fact, so that a problem can name the act it
 * contradicts (-1: none). */
struct standing {
	long signature; /* the signature that stands */
	long consent;   /* the consent to be bound that stands */
	long notice;    /* the withdrawal notified and not yet in effect */
	long out;       /* the withdrawal in effect, or the act that ended the participant */
	long unsigned_; /* the notice of non-intent that ended the signature */
	long revoked;   /* the act that ended the last consent */
};

/* A declaration of provisional application: made when the rules allow it
 * (at signature: on the day of the signature that stands; at consent: on
 * the day of the consent instrument that stands), and while it can apply
 * (a signatory, or a consent not yet in force). Never silently ignored. */
static int check_provisional(const pacta_treaty_status *ts, const pacta_rules *r, uint32_t p,
			     long at, const struct standing *s, pacta_diags *out)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_act *a = &rec->acts[at];
	const char *who = rec->participants[p].iso3;
	char d1[PACTA_DATE_BUFSZ];
	pacta_date_format(a->date, d1);
	pacta_status st = pacta_status_on(ts, p, a->date, NULL);
	if (st != PACTA_STATUS_SIGNATORY && st != PACTA_STATUS_CONSENTED)
		return diag(out, CK_PROVISIONAL_NOTHING, at, -1, a->origin,
			    "%s provisional application on %s changes nothing: only a signatory, or a state whose consent is not yet in force for it, applies a treaty provisionally (its status that day: %s)",
			    who, d1, pacta_status_name(st));
	bool at_signature = s->signature >= 0 && rec->acts[s->signature].date == a->date;
	bool at_consent = s->consent >= 0 && rec->acts[s->consent].date == a->date;
	if ((r->provisional_at_signature || r->provisional_at_consent) &&
	    !(r->provisional_at_signature && at_signature) &&
	    !(r->provisional_at_consent && at_consent))
		return diag(out, CK_PROVISIONAL_WHEN, at, -1, a->origin,
			    "%s provisional application on %s: Art. %s allows it to be declared only %s",
			    who, d1, art(&r->provisional_application),
			    r->provisional_at_signature && r->provisional_at_consent
				    ? "at signature or on the deposit of a consent instrument"
			    : r->provisional_at_signature ? "at signature"
							  : "on the deposit of a consent instrument");
	return 0;
}

/* A notice terminating provisional application ends something only when
 * the state was applying the treaty provisionally that day: then the
 * compiled status starts an interval with it (status.c). */
static int check_provisional_end(const pacta_treaty_status *ts, uint32_t p, long at,
				 pacta_diags *out)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_act *a = &rec->acts[at];
	const pacta_interval *iv = NULL;
	char d1[PACTA_DATE_BUFSZ];
	pacta_status_on(ts, p, a->date, &iv);
	pacta_derivation d_buf;
	const pacta_derivation *d = iv ? pacta_treaty_status_derivation(ts, iv->why, &d_buf) : NULL;
	if (d && d->kind == PACTA_DERIV_ACT && d->n_acts > 0 && d->acts[0] == (uint32_t)at)
		return 0;
	return diag(out, CK_PROVISIONAL_END_NOTHING, at, -1, a->origin,
		    "%s end of provisional application on %s changes nothing: it was not applying the treaty provisionally",
		    rec->participants[p].iso3, pacta_date_format(a->date, d1));
}

/* Checks one participant's acts under one treaty, in date order. Each
 * problem is blamed on the later act and names the earlier one it
 * contradicts. */
static int check_participant(const pacta_treaty_status *ts, uint32_t p,
			     pacta_day treaty_in_force, pacta_diags *out)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	uint32_t t = pacta_treaty_status_treaty(ts);
	const pacta_treaty *tr = &rec->treaties[t];
	const pacta_rules *r = tr->rules;
	const pacta_participant *who = &rec->participants[p];
	size_t first, last;
	pacta_record_acts_of(rec, t, p, &first, &last);
	struct standing s = { -1, -1, -1, -1, -1, -1 };
	char d1[PACTA_DATE_BUFSZ], d2[PACTA_DATE_BUFSZ], rb[REF_BUFSZ];
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		const char *what = pacta_action_name(a->action);
		pacta_action_class cls = pacta_action_class_of(a->action);
		long at = (long)i;
		pacta_date_format(a->date, d1);
		/* Exact duplicates (several declarations of one day differ by
		 * their territory or text). */
		if (i > first && rec->acts[i - 1].action == a->action &&
		    rec->acts[i - 1].date == a->date &&
		    rec->acts[i - 1].target == a->target &&
		    strcmp(rec->acts[i - 1].territory, a->territory) == 0 &&
		    strcmp(rec->acts[i - 1].text, a->text) == 0 &&
		    diag(out, CK_DUPLICATE, at, at - 1, a->origin,
			 "%s %s on %s is recorded twice (also at %s)", who->iso3, what, d1,
			 rec->acts[i - 1].origin))
			return -1;
		if (cls != PACTA_CLASS_DOMESTIC && a->date < tr->adopted &&
		    diag(out, CK_BEFORE_ADOPTION, at, -1, a->origin,
			 "%s %s on %s is dated before the treaty was adopted (%s)", who->iso3, what,
			 d1, pacta_date_format(tr->adopted, d2)))
			return -1;
		/* A withdrawal may name a later date where the treaty says so. */
		bool later_withdrawal = cls == PACTA_CLASS_WITHDRAWAL && r->withdrawal_later_date;
		/* A signature with an effective date is a succession to the
		 * predecessor's signature, dated from the succession. */
		bool succeeded = a->action == PACTA_ACT_SIGNATURE && a->effective != PACTA_DAY_NONE;
		if (a->effective != PACTA_DAY_NONE && cls != PACTA_CLASS_CONSENT && !later_withdrawal &&
		    !succeeded &&
		    diag(out, CK_EFFECTIVE_NOT_CONSENT, at, -1, a->origin,
			 "%s %s: only a consent to be bound%s can carry an effective date", who->iso3,
			 what,
			 cls == PACTA_CLASS_WITHDRAWAL
				 ? " (or a withdrawal, where rules.withdrawal.later_date allows a later date)"
				 : ""))
			return -1;
		if (a->effective != PACTA_DAY_NONE && later_withdrawal &&
		    a->effective < pacta_delay_apply(r->withdrawal_notice, a->date)) {
			char d3[PACTA_DATE_BUFSZ];
			if (diag(out, CK_WITHDRAWAL_EARLY_DATE, at, -1, a->origin,
				 "%s withdrawal on %s names %s, before its notice period ends on %s (Art. %s); a notification may only name a later date",
				 who->iso3, d1, pacta_date_format(a->effective, d2),
				 pacta_date_format(pacta_delay_apply(r->withdrawal_notice, a->date), d3),
				 art(&r->withdrawal)))
				return -1;
		}
		if (a->action == PACTA_ACT_OBJECTION && a->target < 0 &&
		    diag(out, CK_OBJECTION_NO_TARGET, at, -1, a->origin,
			 "%s objection on %s names no target (column 'target')", who->iso3, d1))
			return -1;
		if (a->target >= 0 && a->action != PACTA_ACT_OBJECTION &&
		    diag(out, CK_TARGET_NOT_OBJECTION, at, -1, a->origin,
			 "%s %s: only an objection has a target", who->iso3, what))
			return -1;
		/* After a withdrawal took effect, only a new consent makes sense. */
		if (s.out >= 0 && cls != PACTA_CLASS_CONSENT && cls != PACTA_CLASS_DOMESTIC &&
		    cls != PACTA_CLASS_CLAIM &&
		    diag(out, CK_AFTER_WITHDRAWAL, at, s.out, a->origin,
			 "%s %s on %s comes after its %s %s; only a new consent to be bound is possible",
			 who->iso3, what, d1,
			 rec->acts[s.out].action == PACTA_ACT_WITHDRAWAL ? "withdrawal" : "end",
			 ref(rec, (size_t)s.out, rb)))
			return -1;
		switch (cls) {
		case PACTA_CLASS_SIGNATURE:
			if (s.signature >= 0 && s.out < 0 &&
			    diag(out, CK_SIGNED_TWICE, at, s.signature, a->origin,
				 "%s signed twice: the signature on %s follows the one %s",
				 who->iso3, d1, ref(rec, (size_t)s.signature, rb)))
				return -1;
			if (succeeded && a->effective > a->date &&
			    diag(out, CK_EFFECTIVE_AFTER_DEPOSIT, at, -1, a->origin,
				 "%s signature: a succession to a signature takes effect on or before its notification, not after",
				 who->iso3))
				return -1;
			if (succeeded) {
				/* Not a new signature: the predecessor's, which
				 * signature's opening and closing dates do not
				 * concern. */
				s.signature = at;
				break;
			}
			if (tr->signature_opened != PACTA_DAY_NONE && a->date < tr->signature_opened &&
			    diag(out, CK_SIGNATURE_NOT_OPEN, at, -1, a->origin,
				 "%s signature on %s is before the treaty was opened for signature (%s)",
				 who->iso3, d1, pacta_date_format(tr->signature_opened, d2)))
				return -1;
			if (r->signature_closes_at_entry_into_force &&
			    treaty_in_force != PACTA_DAY_NONE && a->date >= treaty_in_force &&
			    diag(out, CK_SIGNATURE_CLOSED_IN_FORCE, at, -1, a->origin,
				 "%s signature on %s: signature closed when the treaty entered into force on %s (Art. %s); a state that has not signed may only accede",
				 who->iso3, d1, pacta_date_format(treaty_in_force, d2),
				 art(&r->signature)))
				return -1;
			if (r->signature_open_until != PACTA_DAY_NONE &&
			    a->date > r->signature_open_until &&
			    diag(out, CK_SIGNATURE_CLOSED, at, -1, a->origin,
				 "%s signature on %s: signature closed after %s (Art. %s)", who->iso3,
				 d1, pacta_date_format(r->signature_open_until, d2),
				 art(&r->signature)))
				return -1;
			if (s.consent >= 0 &&
			    diag(out, CK_SIGNATURE_AFTER_CONSENT, at, s.consent, a->origin,
				 "%s signature on %s comes after its consent to be bound %s",
				 who->iso3, d1, ref(rec, (size_t)s.consent, rb)))
				return -1;
			s.signature = at;
			break;
		case PACTA_CLASS_CONSENT:
			if (!(r->consent_actions & (1u << a->action))) {
				if (diag(out, CK_NO_SUCH_INSTRUMENT, at, -1, a->origin,
					 "%s %s: this treaty has no such instrument (Art. %s)",
					 who->iso3, what, art(&r->consent)))
					return -1;
				break;
			}
			if (s.consent >= 0 && s.out < 0 &&
			    diag(out, CK_CONSENT_STANDS, at, s.consent, a->origin,
				 "%s %s on %s contradicts its earlier consent to be bound %s, which still stands",
				 who->iso3, what, d1, ref(rec, (size_t)s.consent, rb)))
				return -1;
			if ((r->consent_requires_signature & (1u << a->action)) && s.signature < 0) {
				int rc = s.unsigned_ >= 0
					? diag(out, CK_CONSENT_UNSIGNED, at, s.unsigned_, a->origin,
					       "%s deposited %s on %s, but its signature was ended by the notice of non-intent %s; Art. %s: a state that did not sign must accede",
					       who->iso3, pacta_action_phrase(a->action), d1,
					       ref(rec, (size_t)s.unsigned_, rb), art(&r->consent))
					: diag(out, CK_CONSENT_UNSIGNED, at, -1, a->origin,
					       "%s deposited %s on %s but never signed; Art. %s: a state that did not sign must accede",
					       who->iso3, pacta_action_phrase(a->action), d1,
					       art(&r->consent));
				if (rc)
					return -1;
			}
			if (a->action == PACTA_ACT_ACCESSION && r->accession_only_by_non_signatories &&
			    s.signature >= 0 && s.out < 0 &&
			    diag(out, CK_ACCESSION_BY_SIGNATORY, at, s.signature, a->origin,
				 "%s signed, so it ratifies, accepts or approves; Art. %s keeps accession for states that did not sign: its accession on %s follows its signature %s",
				 who->iso3, art(&r->consent), d1, ref(rec, (size_t)s.signature, rb)))
				return -1;
			if (a->action == PACTA_ACT_ACCESSION && r->accession_opens_at_entry_into_force &&
			    (treaty_in_force == PACTA_DAY_NONE || a->date < treaty_in_force)) {
				int rc = treaty_in_force == PACTA_DAY_NONE
					? diag(out, CK_ACCESSION_NOT_OPEN, at, -1, a->origin,
					       "%s accession on %s: Art. %s opens accession only once the treaty is in force, and it is not",
					       who->iso3, d1, art(&r->consent))
					: diag(out, CK_ACCESSION_NOT_OPEN, at, -1, a->origin,
					       "%s accession on %s: Art. %s opens accession only once the treaty is in force, on %s",
					       who->iso3, d1, art(&r->consent),
					       pacta_date_format(treaty_in_force, d2));
				if (rc)
					return -1;
			}
			if (a->effective != PACTA_DAY_NONE && a->action == PACTA_ACT_SUCCESSION &&
			    r->succession_effective_computed &&
			    diag(out, CK_SUCCESSION_COMPUTED, at, -1, a->origin,
				 "%s succession on %s states an effective date (%s), but rules.succession.effective says \"computed\": it is not used",
				 who->iso3, d1, pacta_date_format(a->effective, d2)))
				return -1;
			if (a->effective != PACTA_DAY_NONE && a->effective > a->date &&
			    diag(out, CK_EFFECTIVE_AFTER_DEPOSIT, at, -1, a->origin,
				 "%s %s: a stated effective date after the deposit is not a retroactive succession; leave it to the rules",
				 who->iso3, what))
				return -1;
			s.consent = at;
			s.out = s.notice = -1;
			break;
		case PACTA_CLASS_DECLARATION:
			if (a->action == PACTA_ACT_RESERVATION && !r->reservations_allowed &&
			    diag(out, CK_RESERVATION, at, -1, a->origin,
				 "%s reservation on %s: Art. %s forbids reservations", who->iso3, d1,
				 art(&r->reservations)))
				return -1;
			if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION &&
			    !r->provisional_application_allowed) {
				if (diag(out, CK_PROVISIONAL, at, -1, a->origin,
					 "%s declared provisional application, which this treaty does not provide for",
					 who->iso3))
					return -1;
			} else if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION &&
				   check_provisional(ts, r, p, at, &s, out))
				return -1;
			if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION_END &&
			    !r->provisional_application_allowed) {
				if (diag(out, CK_PROVISIONAL_END, at, -1, a->origin,
					 "%s ended a provisional application, which this treaty does not provide for",
					 who->iso3))
					return -1;
			} else if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION_END &&
				   check_provisional_end(ts, p, at, out))
				return -1;
			break;
		case PACTA_CLASS_WITHDRAWAL:
			if (!r->withdrawal_allowed) {
				if (diag(out, CK_NO_WITHDRAWAL_CLAUSE, at, -1, a->origin,
					 "%s withdrawal on %s: this treaty has no withdrawal clause",
					 who->iso3, d1))
					return -1;
				break;
			}
			if (s.consent < 0 || s.out >= 0) {
				long why = s.out >= 0 ? s.out : s.revoked;
				int rc = why >= 0
					? diag(out, CK_WITHDRAWAL_WITHOUT_CONSENT, at, why, a->origin,
					       "%s notified a withdrawal on %s without a standing consent to be bound; its consent ended with the act %s",
					       who->iso3, d1, ref(rec, (size_t)why, rb))
					: diag(out, CK_WITHDRAWAL_WITHOUT_CONSENT, at, -1, a->origin,
					       "%s notified a withdrawal on %s without a standing consent to be bound",
					       who->iso3, d1);
				if (rc)
					return -1;
			} else if (s.notice >= 0 &&
				   diag(out, CK_SECOND_WITHDRAWAL, at, s.notice, a->origin,
					"%s notified a second withdrawal on %s; the first is %s",
					who->iso3, d1, ref(rec, (size_t)s.notice, rb))) {
				return -1;
			}
			s.notice = at;
			break;
		case PACTA_CLASS_UNDOING:
			if (!undid(ts, p, (uint32_t)i)) {
				if (diag(out, CK_UNDOES_NOTHING, at, -1, a->origin,
					 "%s %s on %s changes nothing: %s", who->iso3, what, d1,
					 undo_refusal(a->action)))
					return -1;
			} else if (a->action == PACTA_ACT_REVOCATION) {
				s.consent = -1;
				s.revoked = at;
			} else if (a->action == PACTA_ACT_NON_INTENT) {
				s.signature = -1;
				s.unsigned_ = at;
			} else {
				s.out = at; /* nothing more can follow */
			}
			break;
		case PACTA_CLASS_CLAIM:
		case PACTA_CLASS_DOMESTIC:
			break;
		}
		/* A withdrawal has taken effect once its notice period passed:
		 * later acts see a withdrawn state. */
		if (s.notice >= 0 && i + 1 < last &&
		    rec->acts[i + 1].date >= withdrawal_effect(ts, p, (size_t)s.notice)) {
			s.out = s.revoked = s.notice;
			s.notice = s.consent = -1;
		}
	}
	return 0;
}

/* A protocol's parties must have a standing consent to the parent treaty
 * on the day they consent to the protocol. The problem names the act the
 * parent status of that day rests on, when there is one. */
static int check_parent(const pacta_record *rec, uint32_t t, pacta_diags *out)
{
	const pacta_treaty *tr = &rec->treaties[t];
	const pacta_rules *r = tr->rules;
	int32_t parent = pacta_record_treaty_by_id(rec, r->requires_party_to);
	if (parent < 0)
		return diag(out, CK_PARENT_UNKNOWN, -1, -1, tr->origin,
			    "rules.consent.requires_party_to names '%s', which is not in the record",
			    r->requires_party_to);
	pacta_treaty_status *ps;
	pacta_error err;
	if (pacta_status_compile(rec, (uint32_t)parent, &ps, &err) != PACTA_OK)
		return -1;
	size_t first, last;
	pacta_record_acts_of_treaty(rec, t, &first, &last);
	int rc = 0;
	for (size_t i = first; rc == 0 && i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		if (!(r->consent_actions & (1u << a->action)))
			continue;
		const pacta_interval *iv = NULL;
		pacta_status st = pacta_status_on(ps, a->participant, a->date, &iv);
		if (pacta_status_has_consented(st))
			continue;
		pacta_derivation d_buf;
		const pacta_derivation *d = iv ? pacta_treaty_status_derivation(ps, iv->why, &d_buf) : NULL;
		long because = d && d->n_acts ? (long)d->acts[0] : -1;
		char d1[PACTA_DATE_BUFSZ], rb[REF_BUFSZ] = "";
		if (because >= 0) {
			char r1[REF_BUFSZ];
			snprintf(rb, sizeof(rb), "; that status rests on the act %s",
				 ref(rec, (size_t)because, r1));
		}
		rc = diag(out, CK_PARENT_NOT_PARTY, (long)i, because, a->origin,
			  "%s %s on %s: not a party to %s that day (%s; Art. %s): a state must consent to %s first or at the same time%s",
			  rec->participants[a->participant].iso3, pacta_action_name(a->action),
			  pacta_date_format(a->date, d1), r->requires_party_to, pacta_status_name(st),
			  art(&r->parent), r->requires_party_to, rb);
	}
	pacta_treaty_status_free(ps);
	return rc;
}

/* The checks of one treaty's acts. */
static int check_treaty(const pacta_record *rec, uint32_t t, pacta_diags *out)
{
	pacta_treaty_status *ts;
	pacta_error err;
	if (pacta_status_compile(rec, t, &ts, &err) != PACTA_OK)
		return -1;
	const pacta_derivation *eif = pacta_treaty_status_in_force(ts);
	pacta_day in_force = eif ? eif->date : PACTA_DAY_NONE;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		if (check_participant(ts, p, in_force, out)) {
			pacta_treaty_status_free(ts);
			return -1;
		}
	}
	pacta_treaty_status_free(ts);
	if (rec->treaties[t].rules->requires_party_to && check_parent(rec, t, out))
		return -1;
	return 0;
}

long pacta_record_check(const pacta_record *rec, pacta_diags *out)
{
	size_t before = out->n;
	for (size_t k = 0; k < rec->n_conflicts; k++) {
		const pacta_conflict *c = &rec->conflicts[k];
		if (c->to != PACTA_DAY_OPEN && c->from >= c->to &&
		    diag(out, CK_CONFLICT_DATES, -1, -1, c->origin,
			 "%s armed conflict ends before it starts",
			 rec->participants[c->participant].iso3))
			return -1;
	}
	for (uint32_t t = 0; t < rec->n_treaties; t++)
		if (check_treaty(rec, t, out))
			return -1;
	return (long)(out->n - before);
}

long pacta_record_check_treaties(const pacta_record *rec, const uint32_t *treaties, size_t n,
				 pacta_diags *out)
{
	size_t before = out->n;
	for (size_t i = 0; i < n; i++)
		if (treaties[i] < rec->n_treaties && check_treaty(rec, treaties[i], out))
			return -1;
	return (long)(out->n - before);
}

/* Signatories the depositary would count on day: signed, and neither
 * withdrawn nor out by a notice of non-intent. */
static size_t count_signatories(const pacta_treaty_status *ts, pacta_day day)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	size_t n = 0;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		pacta_status st = pacta_status_on(ts, p, day, NULL);
		if (tl->signed_on != PACTA_DAY_NONE && tl->signed_on <= day &&
		    st != PACTA_STATUS_WITHDRAWN && st != PACTA_STATUS_NONE)
			n++;
	}
	return n;
}

static int discrepancies_of(const pacta_treaty_status *ts, pacta_diags *out)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	uint32_t t = pacta_treaty_status_treaty(ts);
	const pacta_treaty *tr = &rec->treaties[t];
	const char *id = tr->id;
	char d1[PACTA_DATE_BUFSZ], d2[PACTA_DATE_BUFSZ], d3[PACTA_DATE_BUFSZ];
	const pacta_derivation *eif = pacta_treaty_status_in_force(ts);
	if (eif && tr->entry_into_force_stated != PACTA_DAY_NONE &&
	    eif->computed != PACTA_DAY_NONE && eif->computed != eif->date) {
		const pacta_act *a = eif->n_acts ? &rec->acts[eif->acts[0]] : NULL;
		if (diag(out, CK_DISCREPANCY, -1, -1, tr->origin, "%s: entry into force %s as the depositary states; Art. %s computes %s from the instrument that met the threshold (%s %s of %s)",
			 id, pacta_date_format(eif->date, d1), art(&tr->rules->entry_into_force),
			 pacta_date_format(eif->computed, d2),
			 a ? rec->participants[a->participant].iso3 : "?",
			 a ? pacta_action_name(a->action) : "?",
			 a ? pacta_date_format(a->date, d3) : "?"))
			return -1;
	}
	for (size_t i = 0; i < rec->n_stated; i++) {
		const pacta_stated *s = &rec->stated[i];
		if (s->treaty != t)
			continue;
		if (s->kind == PACTA_STATED_REPORT_RATE)
			continue; /* compared by pacta reports and its tests */
		pacta_date_format(s->date, d1);
		if (s->kind == PACTA_STATED_ENTRY_INTO_FORCE) {
			pacta_timeline tl_buf;
			const pacta_timeline *tl =
				pacta_treaty_status_timeline(ts, (uint32_t)s->participant, &tl_buf);
			if (tl->entry_into_force == s->date)
				continue;
			if (diag(out, CK_DISCREPANCY, -1, -1, s->origin, "%s %s: entry into force %s as the source states; computed %s",
				 id, rec->participants[s->participant].iso3, d1,
				 tl->entry_into_force == PACTA_DAY_NONE
					 ? "none"
					 : pacta_date_format(tl->entry_into_force, d2)))
				return -1;
			continue;
		}
		/* The depositary counts as a party every state whose consent
		 * stands, whether or not the treaty is in force for it yet. */
		bool parties = s->kind == PACTA_STATED_PARTIES;
		pacta_counts k = pacta_status_count(ts, s->date);
		size_t n = parties ? k.parties + k.consented : count_signatories(ts, s->date);
		if ((long long)n != s->value &&
		    diag(out, CK_DISCREPANCY, -1, -1, s->origin, "%s on %s: the depositary states %lld %s; the record gives %zu",
			 id, d1, s->value, parties ? "parties" : "signatories", n))
			return -1;
	}
	return 0;
}

long pacta_record_discrepancies(const pacta_record *rec, pacta_diags *out)
{
	size_t before = out->n;
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		pacta_treaty_status *ts;
		pacta_error err;
		if (pacta_status_compile(rec, t, &ts, &err) != PACTA_OK)
			return -1;
		int rc = discrepancies_of(ts, out);
		pacta_treaty_status_free(ts);
		if (rc)
			return -1;
	}
	return (long)(out->n - before);
}
