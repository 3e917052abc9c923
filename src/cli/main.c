/*
 * main.c - the pacta command: options, the command table, opening the
 * database and the record. Commands live in cmd_*.c.
 */
/* realpath(3) is XSI; glibc exposes it with _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static const cli_command commands[] = {
	{"status", "status TREATY [STATE...] [--on DATE] [--territory CODE]",
	 "status of every state, or of the states named, on a date",
	 "  --on DATE   the day asked about (default: today)\n"
	 "  --territory CODE  with one STATE: whether the treaty applies to that territory\n"
	 "              of it (ISO 3166-1 alpha-3, e.g. FLK, BES) and on what act; --json gives\n"
	 "              {\"treaty\",\"on\",\"state\",\"name\",\"territory\",\"applies\",\"basis\",\n"
	 "              \"status\",\"since\",\"act\"}; basis: extended, excluded, not_yet_extended,\n"
	 "              whole_territory (no territorial act names it: VCLT Art. 29)\n"
	 "  --json      {\"treaty\",\"on\",\"treaty_entry_into_force\",\"counts\",\"states\":[{\"state\",\"name\",\n"
	 "              \"status\",\"bound\",\n"
	 "              \"since\",\"signature\",\"consent\",\"consent_instrument\",\"entry_into_force\",\n"
	 "              \"provisional_application\",\"withdrawal_notified\",\"withdrawal_effective\",\n"
	 "              \"claims\"}]} (dates ISO or null)\n"
	 "  --csv       one row per state\n"
	 "Statuses: none, signatory, consented (deposited, not yet in force for it), party,\n"
	 "withdrawal_pending, withdrawal_held (held by an armed conflict), withdrawn.\n"
	 "With no STATE, lists every state whose status is not none, then the counts.\n",
	 cmd_status},
	{"parties", "parties TREATY [--on DATE] [--group GROUP]",
	 "the states bound on a date, and how many",
	 "  --on DATE     the day asked about (default: today)\n"
	 "  --group G     only members of G on that day, a group of data/groups.csv\n"
	 "                (such as eu, nato, un-weog)\n"
	 "  --json        {\"treaty\",\"on\",\"treaty_entry_into_force\",\"group\",\"count\",\n"
	 "                \"meaning\":{\"count\"},\"parties\":[...]} (treaty_entry_into_force: the\n"
	 "                treaty's own date, or null with treaty_not_in_force_because, and\n"
	 "                treaty_waits_for: the required states that have not deposited)\n"
	 "  --csv         one row per party\n"
	 "A party is a state for which the treaty is in force on the day, including one whose\n"
	 "withdrawal is pending or held.\n",
	 cmd_parties},
	{"timeline", "timeline TREATY STATE",
	 "every act, domestic step and status change of one state, in order",
	 "  --json, --csv   machine-readable forms\n"
	 "Domestic steps and claims are listed with 'no legal effect'.\n",
	 cmd_timeline},
	{"explain", "explain TREATY STATE [--on DATE]",
	 "why a state has its status: the articles, the deposits, the arithmetic, the sources",
	 "  --on DATE   the day asked about (default: today)\n"
	 "  --json      {\"treaty\",\"on\",\"state\",\"name\",\"status\",\"summary\",\"steps\":[...],\"sources\":[...]}\n",
	 cmd_explain},
	{"diff", "diff TREATY DATE1 DATE2",
	 "who became bound or ceased to be bound between two dates, and why",
	 "  --json, --csv   machine-readable forms\n", cmd_diff},
	{"summary", "summary TREATY [--on DATE]",
	 "the treaty's state on a date: counts, entry into force, withdrawals, claims",
	 "  --on DATE   the day asked about (default: today)\n"
	 "  --json      the same as 'status TREATY --json'\n",
	 cmd_summary},
	{"profile", "profile STATE [--on DATE]",
	 "one state under every treaty of the record: status and dates, and its changes of status",
	 "  --on DATE   the day asked about (default: today)\n"
	 "  --json      {\"state\",\"name\",\"on\",\"treaties\":[{\"treaty\",\"name\",\"status\",\"bound\",\n"
	 "              \"since\",\"signature\",\"consent\",\"consent_instrument\",\"entry_into_force\",\n"
	 "              \"provisional_application\",\"withdrawal_notified\",\"withdrawal_effective\"}],\n"
	 "              \"changes\":[{\"date\",\"treaty\",\"before\",\"after\",\"upcoming\",\"article\",\"act\"}],\n"
	 "              \"declarations\":[{\"treaty\", the act as 'declarations --json' gives it,\n"
	 "              \"occasion\"}]}\n"
	 "  --csv       one row per treaty\n"
	 "Changes are those on or before the day, and later ones that acts made by then already\n"
	 "determine (marked 'to come'), such as a withdrawal's effect. Then the state's\n"
	 "declarations, reservations, objections and territorial acts under every treaty, one line\n"
	 "each ('pacta declarations TREATY STATE' gives their texts).\n",
	 cmd_profile},
	{"obligations", "obligations TREATY [STATE...] [--on DATE] [--territory CODE]",
	 "what each State Party owes under each article, by when, and whether it delivered",
	 "  --on DATE   the day asked about (default: today); events recorded later do not count\n"
	 "  --territory CODE  with one STATE: first whether the treaty applies to that territory\n"
	 "              (as status --territory; in --json its \"territory\" member)\n"
	 "  --json      {\"treaty\",\"on\",\"obligations\":[{\"state\",\"name\",\"article\",\"obligation\",\n"
	 "              \"starts\",\"original_due\",\"due\",\"status\",\"late\",\"met_on\",\"overdue_since\",\n"
	 "              \"ended_on\",\"stated_original_due\",\"extensions\":[...],\"evidence\",\n"
	 "              \"requests\":[...],\"reopened\",\"explanation\",\"sources\"}]}\n"
	 "  --csv       one row per obligation\n"
	 "Articles are the rules file's obligation ids (apmbc: 3, 4, 5, 7.1 initial report,\n"
	 "7.2 annual report). Statuses: not_yet_due, open, extended, met (on time or late),\n"
	 "overdue (a recorded source says the deadline in force was missed: the 'evidence'),\n"
	 "ended (withdrawal took effect), unknown (the deadline passed; the record holds neither\n"
	 "a completion nor a source saying it was missed). With one state, the table adds each\n"
	 "obligation's explanation.\n",
	 cmd_obligations},
	{"deadlines", "deadlines TREATY [--from DATE] [--to DATE]",
	 "everything falling due in a window, sorted by date",
	 "  --from DATE  start of the window (default: --on, i.e. today)\n"
	 "  --to DATE    end of the window, inclusive (default: one year after --from)\n"
	 "  --json, --csv\n"
	 "Each deadline is the one in force as recorded at the end of the window.\n",
	 cmd_deadlines},
	{"overdue", "overdue TREATY [--on DATE]",
	 "the obligations overdue on a date, since when, and the row and source that say so",
	 "  --on DATE   the day asked about (default: today)\n"
	 "  --json, --csv   the same forms as 'obligations'\n"
	 "Each line is followed by its evidence: the 'missed' row (date, source URL) that makes it\n"
	 "overdue. A deadline passed with no such row is 'unknown', and is not listed.\n",
	 cmd_overdue},
	{"declarations", "declarations TREATY [STATE...] [--on DATE]",
	 "declarations, reservations, objections and territorial application, with their text",
	 "  --on DATE    the record as of that day (default: today)\n"
	 "  --json       {\"treaty\",\"on\",\"reservations\":{\"allowed\",\"article\",\"text\"},\n"
	 "               \"declarations\":[{\"id\",\"state\",\"action\",\"date\",\"effective\",\n"
	 "               \"target\",\"source_url\",\"note\",\"notification\",\"circulated\",\"territory\",\n"
	 "               \"text\",\"name\",\"occasion\",\"upon\":{\"action\",\"date\"},\"responses\":[...]}]}\n"
	 "  --csv        one row per act; responses as 'STATE action DATE', ';'-separated\n"
	 "Each act is listed with the kind the depositary gives it and when it was made:\n"
	 "upon signature, upon the consent to be bound, or later. An objection or\n"
	 "communication addressed to a state is shown under that state's latest\n"
	 "declaration made by then. pacta does not judge whether a declaration is a\n"
	 "reservation: it records, labels as the depositary does, and shows who objected.\n",
	 cmd_declarations},
	{"reports", "reports TREATY [--year YEAR] [--on DATE]",
	 "the annual transparency reports per calendar year: required, submitted, missed, unknown",
	 "  --year YEAR  one calendar year, state by state, with each report's source\n"
	 "  --on DATE    the record as of that day (default: today): later rows do not count,\n"
	 "               and years run to the last whose due day has come\n"
	 "  --json       {\"treaty\",\"on\",\"article\",\"obligation\",\"required_meaning\",\n"
	 "               \"years\":[{\"year\",\"in_force_by\",\"due\",\"required\",\"submitted\",\"late\",\n"
	 "               \"missed\",\"unknown\",\"rate\",\"published\":[...],\"sources\":[...]}],\n"
	 "               with --year also \"states\":[{\"state\",\"name\",\"report\",\"submitted_on\",\n"
	 "               \"late\",\"source_url\",\"note\"}]}\n"
	 "  --csv        one row per year (with --year: per state)\n"
	 "Required: the treaty was in force for the State Party on the annual day (apmbc: 30\n"
	 "April) of the year covered, and its withdrawal had not taken effect by the due day\n"
	 "in the next year. missed: a source lists the report as not received; unknown: the\n"
	 "record holds neither. The rate (percent submitted) is given only for a year without\n"
	 "unknowns; published rates (data/<treaty>/... under stated_report_rates) are shown\n"
	 "beside it.\n",
	 cmd_reports},
	{"calendar", "calendar TREATY [STATE...] [--on DATE]",
	 "an iCalendar (RFC 5545) feed of entries into force, withdrawals and deadlines",
	 "  --on DATE   the record as of that day (default: today); also the DTSTAMP\n"
	 "All-day events with stable UIDs; annual reports as a yearly RRULE. Redirect to a\n"
	 ".ics file and import it into a calendar program.\n",
	 cmd_calendar},
	{"panel", "panel [TREATY...] --from Y1 --to Y2 [--unit year|month|day] [--rule end-of-period|any-time]",
	 "a membership panel: one row per treaty, state and period (CSV or NDJSON)",
	 "  --from, --to  the window: YYYY, YYYY-MM or YYYY-MM-DD, widened to whole periods\n"
	 "  --unit U      year (default), month or day\n"
	 "  --rule R      end-of-period (default): bound if in force on the period's last day;\n"
	 "                any-time: bound if in force on any day of the period\n"
	 "  --state S     only these states (ISO codes or names, comma-separated)\n"
	 "  --all-states  every participant in the record, not only those with a status\n"
	 "                other than none in the window\n"
	 "  --ndjson      one JSON object per line instead of CSV\n"
	 "Columns: treaty,state,period,status,bound,bound_days,signature,consent,\n"
	 "entry_into_force,withdrawal_notified,withdrawal_effective. status and the dates are\n"
	 "those of the period's last day; bound_days counts the days of the period the treaty\n"
	 "was in force for the state. CSV is RFC 4180 with CRLF, formula-safe. With no\n"
	 "TREATY, every treaty in the record. See docs/exports.md.\n",
	 cmd_panel},
	{"counts", "counts TREATY --from DATE --to DATE [--unit day|month|year]",
	 "the number of parties, consented states and signatories over time (a chart's series)",
	 "  --from, --to  the first and last day (dates)\n"
	 "  --unit U      the step between samples: year (default), month or day\n"
	 "  --json        {\"treaty\",\"from\",\"to\",\"unit\",\"meaning\":{...},\n"
	 "                \"series\":[{\"date\",\"parties\",\"consented\",\"signatories\"}]}\n"
	 "  --csv         date,parties,consented,signatories\n"
	 "parties: in force for them; consented: deposited consent, not yet in force for them;\n"
	 "signatories: signed, no consent deposited. The three never overlap.\n",
	 cmd_counts},
	{"feed", "feed TREATY [--state STATE] [--format atom|json] [--on DATE] [--review]",
	 "an Atom (or JSON Feed) of signatures, consents, entries into force and withdrawals",
	 "  --state S    one state's feed (or several, comma-separated)\n"
	 "  --format F   atom (RFC 4287, default) or json (JSON Feed 1.1)\n"
	 "  --on DATE    the feed as of that day (default: today): entries published later\n"
	 "               are left out\n"
	 "  --review     instead, the review feed: a 'change proposed' entry for each proposal\n"
	 "               pacta update made, a 'change recorded' entry for each one accepted\n"
	 "               (ids tag:pacta,2025:TREATY/review/ID/proposed and .../recorded)\n"
	 "Entry ids are stable tag: URIs (tag:pacta,2025:TREATY/STATE/KIND/DATE).\n",
	 cmd_feed},
	{"export", "export --datapackage DIR|FILE.zip [--on DATE]",
	 "the record as a Frictionless data package: CSV files and datapackage.json",
	 "  --datapackage DIR  where to write (created if missing; files in it are replaced)\n"
	 "  --datapackage FILE.zip  one ZIP file instead, the service's /v1/datapackage.zip\n"
	 "  --on DATE          the day the obligations table answers for (default: today)\n"
	 "Resources: treaties, states, groups, acts, status_intervals, obligations.\n",
	 cmd_export},
	{"map", "map TREATY [--on DATE] [--out FILE]",
	 "a world map (SVG) of every state's status on a date",
	 "  --on DATE    the day asked about (default: today)\n"
	 "  --out FILE   write the SVG to FILE instead of standard output\n"
	 "One shape (or, for a small state, a circle) per state, with data-state=\"ISO3\",\n"
	 "data-status=\"STATUS\" and a tooltip; a legend with colours, patterns and counts.\n"
	 "The shapes come from the data directory's map/shapes.tsv.\n",
	 cmd_map},
	{"treaties", "treaties", "the treaties in the record", "  --json, --csv\n", cmd_treaties},
	{"states", "states", "the states and other participants in the record",
	 "  --json, --csv\n", cmd_states},
	{"init", "init [--force] [--data DIR]",
	 "create the database from the bundled record",
	 "  --force      replace a database that already holds a record\n"
	 "  --data DIR   read the record from DIR instead of the bundled one\n"
	 "The record is checked first; nothing is written when a check fails.\n",
	 cmd_init},
	{"import", "import FILE [--treaty ID] [--why TEXT]",
	 "add the acts of a CSV file, all or nothing",
	 "  --treaty ID  the treaty for rows without a 'treaty' column\n"
	 "  --why TEXT   the reason kept in the history\n"
	 "FILE has the columns state,action,date,effective,target,source_url,note (and\n"
	 "optionally treaty, notification, circulated, territory, text), as\n"
	 "data/apmbc/acts.csv. Every bad row is printed as\n"
	 "file:line: message (the first 50, then a count); if any row is wrong or the record\n"
	 "checks fail, nothing is imported.\n"
	 "  --allow-future  accept acts dated after today (refused otherwise)\n",
	 cmd_import},
	{"import-untc", "import-untc PAGE.html [--treaty ID] [--csv] [--dry-run] [--force]",
	 "read a UN Treaty Collection status page into acts, cross-checked against its counts",
	 "  --treaty ID  the treaty (default: the one whose rules file names the page's\n"
	 "               chapter number, mtdsg_no, in source_url or depositary_ref)\n"
	 "  --csv        print the acts in the format of data/TREATY/acts.csv instead\n"
	 "               of adding them to the database\n"
	 "  --dry-run    read and check everything, add nothing\n"
	 "  --force      add the acts even though the page's stated counts disagree\n"
	 "               with its rows (never when something could not be read)\n"
	 "  --why TEXT   the reason kept in the history (default: the page's title and date)\n"
	 "PAGE.html is a treaty's status page as saved from treaties.un.org. What could\n"
	 "not be read (row, text, why) and the counts cross-check go to standard error.\n"
	 "Acts the record already holds (same treaty, state, action, date) are skipped.\n"
	 "Exit codes: 0 all read and added (or printed); 1 no treaty for the page;\n"
	 "2 usage; 3 the page could not be read, something on it could not be read,\n"
	 "its counts disagree with its rows, or the record checks refuse the acts:\n"
	 "then nothing is added (with --csv, what was read is still printed).\n",
	 cmd_import_untc},
	{"record", "record TREATY STATE ACTION DATE --source URL [--effective DATE] [--target STATE] [--note TEXT]",
	 "append one act (a source is required)",
	 "  --source URL      where the act is documented (required)\n"
	 "  --effective DATE  a stated effective date (retroactive successions)\n"
	 "  --target STATE    for an objection: whose claim it objects to\n"
	 "  --note TEXT       a note kept with the act\n"
	 "  --notification REF  the depositary notification (C.N.360.2025.TREATIES-XXVI.5)\n"
	 "  --circulated DATE   the day the depositary circulated it\n"
	 "  --territory CODE    for a territorial act: the territory (ISO 3166-1 alpha-3)\n"
	 "  --text TEXT         a declaration's, reservation's or objection's text\n"
	 "  --why TEXT        the reason kept in the history\n"
	 "  --allow-future    accept an act dated after today (refused otherwise)\n"
	 "ACTION is one of: signature definitive_signature ratification acceptance approval\n"
	 "accession succession consent formal_confirmation provisional_application\n"
	 "provisional_application_end reservation declaration territorial_application\n"
	 "communication withdrawal revocation non_intent ceased suspension_claim objection\n"
	 "reservation_withdrawal declaration_withdrawal territorial_exclusion announcement\n"
	 "government_decision parliament_approval head_of_state_signature\n",
	 cmd_record},
	{"check", "check [--data DIR] [--notifications]",
	 "run the record checks on the bundled record (or DIR) without touching the database",
	 "Prints one line per problem as file:line: message; exits 3 if there is any.\n"
	 "Then lists the discrepancies with what sources state (a treaty's stated entry into\n"
	 "force, the depositary's counts, published per-state dates); they do not fail the check.\n"
	 "Then counts, per treaty, the acts the depositary circulated that the record holds\n"
	 "without their notification reference; --notifications lists them, file:line each.\n"
	 "Last, the placeholders the rules files still hold (strings with TODO, as\n"
	 "'pacta new-treaty' writes them), by field; they do not fail the check either.\n",
	 cmd_check},
	{"new-treaty", "new-treaty ID [--dir DIR]",
	 "start a treaty: a rules-file skeleton and an empty record, to fill in",
	 "  --dir DIR   the data directory to write into (default: the one --data,\n"
	 "              $PACTA_DATA or the bundled record names)\n"
	 "Writes DIR/treaties/ID.json, whose every TODO is to be replaced from the treaty's\n"
	 "final clauses, and DIR/ID/acts.csv with its header only; a DIR without\n"
	 "states.csv, groups.csv or armed-conflicts.csv gets them, empty. Never overwrites\n"
	 "a file: if ID.json or ID/acts.csv exists, nothing is written (exit 3), as when\n"
	 "the folder cannot be written. 'pacta check --data DIR' then passes and lists\n"
	 "the TODOs left to fill in. ID: 1 to 32 lower-case letters, digits and '-'.\n",
	 cmd_new_treaty},
	{"correct", "correct TREATY ACT_ID --why TEXT [--date D] [--action A] [--effective D] [--target S] [--source URL] [--note T]",
	 "correct an act: a new act supersedes it, the old one stays in the history",
	 "  --why TEXT        the reason kept in the history (required)\n"
	 "  --date DATE       the corrected date\n"
	 "  --action ACTION   the corrected action\n"
	 "  --effective DATE  the corrected stated effective date ('none' removes it)\n"
	 "  --target STATE    the corrected target of an objection ('none' removes it)\n"
	 "  --source URL      the source of the correction (default: the act's own)\n"
	 "  --note TEXT       the corrected note\n"
	 "  --notification REF, --circulated DATE, --territory CODE, --text TEXT\n"
	 "                    the corrected depositary fields ('none' removes one)\n"
	 "  --allow-future    accept a corrected date after today (refused otherwise)\n"
	 "ACT_ID is the act's number, as 'pacta timeline TREATY STATE --json' and\n"
	 "'pacta history TREATY STATE' show it. Fields not given keep their value. The\n"
	 "corrected record must pass the record checks, or nothing is written.\n",
	 cmd_correct},
	{"history", "history [TREATY STATE]", "the changes made to the database: when, who, why",
	 "  --json, --csv\n"
	 "With TREATY STATE, only the changes that added or corrected that state's acts or\n"
	 "obligation events under the treaty. Each change shows its kind (snapshot, append,\n"
	 "correct) and the start of its chain hash.\n",
	 cmd_history},
	{"verify", "verify", "recompute the history's hash chain and report the first broken entry",
	 "Checks every change: the acts and obligation events it added, its own fields,\n"
	 "its link to the change before, and rows that belong to no change; then the\n"
	 "schema, participants, groups, treaties, armed-conflict periods and tokens against\n"
	 "the last change; and asks SQLite to check the whole file, indexes included. Every\n"
	 "other command makes the same check of the chain (not SQLite's) before it answers.\n"
	 "Prints the head hash (note it: a rewritten chain gets another). Exits 0 when\n"
	 "everything holds, 4 with the first broken change (or a damaged file).\n",
	 cmd_verify},
	{"serve", "serve [--port P] [--bind ADDR] [--threads N] [--public-url URL] [--update-every PERIOD]",
	 "the HTTP service: the JSON API under /v1 and the web page with the map",
	 "  --port P     the TCP port (default 8080; 0 picks a free one, printed)\n"
	 "  --bind ADDR  the address to listen on (default 127.0.0.1, loopback only)\n"
	 "  --threads N  request threads (default: one per CPU)\n"
	 "  --public-url URL  the address users reach the service at, behind a proxy\n"
	 "               (https://example.org); feeds link to themselves with it\n"
	 "  --update-every PERIOD  run 'pacta update' for every treaty with a UN status page\n"
	 "               every PERIOD (6h, 30m, 1d; a minute or more; off by default); the\n"
	 "               options of update (--timeout, --retries, ...) apply\n"
	 "  --timeout S, --connect-timeout S, --max-bytes N, --retries N, --retry-wait S\n"
	 "               as for pacta update\n"
	 "Prints 'pacta: serving http://ADDR:PORT/' and serves until interrupted.\n"
	 "Reads are public; POST /v1/treaties/ID/acts and the review queue (/v1/review)\n"
	 "need a token (pacta token add).\n"
	 "The API is described at /openapi.json.\n",
	 cmd_serve},
	{"update", "update [TREATY...] [--from-file PAGE] [--url URL] [--timeout S] [--connect-timeout S]\n"
		   "       [--max-bytes N] [--retries N] [--retry-wait S]",
	 "fetch the depositary's status pages; what changed becomes proposals for review",
	 "  TREATY...          the treaties (default: every one whose rules file's source_url\n"
	 "                     is a UN Treaty Collection status page)\n"
	 "  --from-file PAGE   read a saved page instead of fetching (one TREATY)\n"
	 "  --url URL          fetch URL instead of the rules file's source_url (one TREATY)\n"
	 "  --timeout S        the whole transfer's limit in seconds (default 60)\n"
	 "  --connect-timeout S  the connection's limit in seconds (default 10)\n"
	 "  --max-bytes N      refuse a page over N bytes (default 33554432)\n"
	 "  --retries N        tries again N times on a 5xx answer or a timeout, waiting\n"
	 "                     --retry-wait S seconds, doubled each time (defaults 3 and 2)\n"
	 "  --json             {\"proposals\":[...],\"pending\":N}\n"
	 "Every page fetched is kept in the database as evidence (compressed, with its\n"
	 "SHA-256, URL, time, HTTP status and validators); the next fetch is conditional\n"
	 "(If-None-Match, If-Modified-Since). Nothing enters the record: see pacta review.\n"
	 "Exit codes: 0 nothing waits for review, 10 proposals wait for review, 3 a page\n"
	 "pacta cannot read (wrong encoding, cut off, not a status page), 7 the page could\n"
	 "not be fetched (timeout, HTTP error, a redirect to another host, over the size\n"
	 "limit), and the usual codes for the database.\n",
	 cmd_update},
	{"review", "review list [TREATY] [--all] | review show ID |\n"
		   "       review accept ID [--source URL] [--note TEXT] | review reject ID [--note TEXT]",
	 "the changes pacta update proposes: list, show, accept into the record, or reject",
	 "  list [TREATY]   the proposals waiting (--all: decided ones too)\n"
	 "  show ID         one proposal: what the page says, what the record says, the act\n"
	 "                  accepting would append, and the page it came from\n"
	 "  accept ID       append the act, checked and all or nothing, as pacta record does,\n"
	 "                  with the page's snapshot (its SHA-256) in the history's reason\n"
	 "  reject ID       refuse it; the same evidence is never proposed again\n"
	 "  --source URL    accept: the act's source (default: the status page's URL)\n"
	 "  --note TEXT     the reviewer's note, kept with the decision\n"
	 "  --allow-future  accept an act dated after today\n"
	 "  --json          list and show as JSON\n",
	 cmd_review},
	{"webhook", "webhook set URL --secret SECRET | webhook show | webhook remove",
	 "the address told of proposals and of recorded changes",
	 "  set URL --secret SECRET  POST a JSON body to URL on each proposal and each\n"
	 "                  accepted change, signed with HMAC-SHA256 under SECRET (16 bytes or\n"
	 "                  more) in the header X-Pacta-Signature: sha256=HEX; retried 3 times\n"
	 "  show            the URL (never the secret)\n"
	 "  remove          no webhook\n",
	 cmd_webhook},
	{"token", "token add NAME | token list | token revoke NAME",
	 "bearer tokens for writes over HTTP",
	 "  add NAME     create a token and print it (only this once; only its hash is kept)\n"
	 "  list         the tokens: name, when created, whether revoked\n"
	 "  revoke NAME  refuse the token from now on (its name is not reused)\n",
	 cmd_token},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *f)
{
	fprintf(f,
		"pacta - a treaty register and rules engine\n"
		"\n"
		"usage: pacta [--db FILE] COMMAND [ARGS] [OPTIONS]\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Options for every command:\n"
		"  --db FILE     the database (default: $PACTA_DB, else\n"
		"                $XDG_DATA_HOME/pacta/pacta.db or ~/.local/share/pacta/pacta.db);\n"
		"                only the default one is created from the bundled record when\n"
		"                missing: create another with 'pacta --db FILE init'\n"
		"  --data DIR    the bundled record's directory (default: $PACTA_DATA, else the\n"
		"                data directory next to the program or its installed share/pacta/data)\n"
		"  --json, --csv machine-readable output instead of a table\n"
		"  --as-recorded K  answer from the record as it stood at record time K\n"
		"                (YYYY-MM-DD for the end of that day, or YYYY-MM-DDTHH:MM:SSZ)\n"
		"  --trust       answer even from a database that fails its integrity check\n"
		"                (forensic use; says so on stderr; never for a write)\n"
		"  --lang LL     answer in language LL (fr, es, ...; default: the locale of\n"
		"                $LC_ALL, $LC_MESSAGES or $LANG; English for C and POSIX)\n"
		"  -h, --help    help (pacta COMMAND --help for one command)\n"
		"  --version     the version\n"
		"\n"
		"Treaties by id (apmbc); states by ISO 3166-1 code or name, case-insensitive;\n"
		"names in other languages (Lettonie, Letonia, Латвия) case- and accent-insensitive.\n"
		"Dates are YYYY-MM-DD.\n"
		"Exit codes: 0 ok, 1 not found or no answer (or no database at --db/PACTA_DB),\n"
		"2 usage, 3 bad data (or an act dated after today without --allow-future), 4 the database\n"
		"fails its integrity check (damaged, or changed outside pacta), 5 the database is\n"
		"busy (another process is writing; try again), 6 the database cannot be read or\n"
		"written (I/O error, disk full, permissions).\n"
		"See pacta(1) for more.\n");
}

static void print_command_help(FILE *f, const cli_command *cmd)
{
	fprintf(f, "usage: pacta %s\n\n%s.\n\n%s", cmd->usage, cmd->summary, cmd->help);
	fprintf(f, "  --db FILE, --data DIR, --as-recorded K, --trust, -h/--help as for every command\n"
		   "  (pacta --help)\n");
}

int cli_usage(const cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pacta: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (c->command)
		fprintf(stderr, cli_tr(c, "usage: pacta %s\n"), c->command);
	else
		fprintf(stderr, "%s", cli_tr(c, "try 'pacta --help'\n"));
	return EXIT_USAGE;
}

void cli_say(const cli *c, const char *dir, const char *where, const char *message)
{
	/* The library's message in the answers' language where the
	 * catalogues know it; the place it names is the same in all. */
	char said[2 * sizeof(((pacta_error *)0)->message)];
	pacta_lang_message(c->lang, message, said, sizeof(said));
	fprintf(stderr, "pacta: %s%s%s%s%s\n", dir ? dir : "", dir ? "/" : "", where,
		dir || *where ? ": " : "", said);
}

int cli_fail(const cli *c, const pacta_error *err)
{
	cli_say(c, NULL, err->where, err->message);
	switch (err->code) {
	case PACTA_OK:
		return EXIT_OK;
	case PACTA_ERR_NOTFOUND:
	case PACTA_ERR_AMBIGUOUS:
		return EXIT_NOTFOUND;
	case PACTA_ERR_USAGE:
		return EXIT_USAGE;
	case PACTA_ERR_INTEGRITY:
		fprintf(stderr, "pacta: the database fails its integrity check: restore it from a "
				"copy ('pacta verify' names what is wrong), or read it as it is with "
				"--trust\n");
		return EXIT_INTEGRITY;
	case PACTA_ERR_BUSY:
		return EXIT_BUSY;
	case PACTA_ERR_STORAGE:
		return EXIT_STORAGE;
	default:
		return EXIT_BADDATA;
	}
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_data_dir(cli *c)
{
	if (c->data_dir)
		return c->data_dir;
	const char *env = getenv("PACTA_DATA");
	if (env && *env)
		return c->data_dir = env;
	/* Relative to the program: build/pacta -> data/, and an installed
	 * PREFIX/bin/pacta -> PREFIX/share/pacta/data. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const tries[] = {"/../data", "/../share/pacta/data"};
			for (size_t i = 0; i < 2; i++) {
				char probe[sizeof(c->data_buf) + 32];
				snprintf(probe, sizeof(probe), "%s%s", exe, tries[i]);
				char treaties[sizeof(probe) + 16];
				snprintf(treaties, sizeof(treaties), "%s/treaties", probe);
				char real[PATH_MAX];
				if (is_dir(treaties) && realpath(probe, real) &&
				    strlen(real) < sizeof(c->data_buf)) {
					memcpy(c->data_buf, real, strlen(real) + 1);
					return c->data_dir = c->data_buf;
				}
			}
		}
	}
	/* The library's installed record (the prefix it was built for). */
	char treaties[4200];
	snprintf(treaties, sizeof(treaties), "%s/treaties", pacta_data_dir());
	if (is_dir(treaties))
		return c->data_dir = pacta_data_dir();
	return c->data_dir = "data";
}

/* Writes into buf the first of tries (paths relative to the program's
 * folder) that exists; false when none does. */
static bool beside_program(const char *const *tries, size_t n, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return false;
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	for (size_t i = 0; i < n; i++) {
		char probe[PATH_MAX + 64];
		struct stat st;
		snprintf(probe, sizeof(probe), "%s%s", exe, tries[i]);
		if (stat(probe, &st) == 0 && strlen(probe) < size) {
			memcpy(buf, probe, strlen(probe) + 1);
			return true;
		}
	}
	return false;
}

/* Where the message catalogues are: $PACTA_LOCALEDIR, else beside the
 * program (the build tree's po/, an installed PREFIX/share/locale), else
 * where the library was installed to find them. */
const char *cli_locale_dir(void)
{
	static const char *const tries[] = {"/po", "/../share/locale"};
	static char buf[PATH_MAX];
	const char *env = getenv("PACTA_LOCALEDIR");
	if (env && *env)
		return env;
	if (beside_program(tries, 2, buf, sizeof(buf)))
		return buf;
	return pacta_lang_default_dir();
}

/* The first of the variables that is set and not empty, as POSIX reads
 * the locale of messages. */
static const char *env_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

int cli_lang(cli *c)
{
	pacta_error err;
	const char *dir = cli_locale_dir();
	const char *tag = c->lang_tag;
	char picked[16];
	if (!tag) {
		tag = env_locale();
		/* GNU's LANGUAGE list, which is read only when the locale is
		 * not C or POSIX. */
		const char *list = getenv("LANGUAGE");
		bool plain = !tag || strcmp(tag, "C") == 0 || strncmp(tag, "C.", 2) == 0 ||
			     strcmp(tag, "POSIX") == 0;
		if (!plain && list && *list && pacta_lang_pick(list, dir, picked, sizeof(picked)))
			tag = picked;
	}
	if (pacta_lang_new(tag, dir, &c->lang, &err) != PACTA_OK) {
		/* A locale the environment names that is not a language is
		 * English; --lang with one is a usage error. */
		if (c->lang_tag)
			return cli_usage(c, "--lang: %s", err.message);
		if (pacta_lang_new(NULL, dir, &c->lang, &err) != PACTA_OK)
			return cli_fail(c, &err);
	}
	return EXIT_OK;
}

const pacta_names *cli_names(cli *c)
{
	if (c->names_tried)
		return c->names;
	c->names_tried = true;
	static const char *const tries[] = {"/names.tsv", "/../share/pacta/names.tsv"};
	char path[PATH_MAX];
	const char *env = getenv("PACTA_NAMES");
	if (env && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (!beside_program(tries, 2, path, sizeof(path)))
		snprintf(path, sizeof(path), "%s", pacta_names_default_path());
	pacta_error err;
	if (pacta_names_load(path, &c->names, &err) != PACTA_OK) {
		/* Without the file, names are the record's: say so once. */
		fprintf(stderr, "pacta: names in other languages are not available: %s: %s\n",
			err.where, err.message);
		c->names = NULL;
	}
	return c->names;
}

const char *cli_name(cli *c, const pacta_participant *p)
{
	const char *code = pacta_lang_code(c->lang);
	if (strcmp(code, "en") == 0)
		return p->name;
	const char *n = pacta_names_get(cli_names(c), p->iso3, code);
	if (!n && strchr(code, '_')) {
		char base[8];
		snprintf(base, sizeof(base), "%.*s", (int)(strchr(code, '_') - code), code);
		n = pacta_names_get(cli_names(c), p->iso3, base);
	}
	return n ? n : p->name;
}

const char *cli_tr(const cli *c, const char *msgid)
{
	return pacta_tr(c->lang, msgid);
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0755);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

const char *cli_db_path(cli *c)
{
	if (c->db_path)
		return c->db_path;
	const char *env = getenv("PACTA_DB");
	if (env && *env) {
		c->db_from_env = true;
		return c->db_path = env;
	}
	c->db_default = true;
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(c->db_buf, sizeof(c->db_buf), "%s/pacta/pacta.db", xdg);
	else if (home && *home)
		snprintf(c->db_buf, sizeof(c->db_buf), "%s/.local/share/pacta/pacta.db", home);
	else
		snprintf(c->db_buf, sizeof(c->db_buf), "pacta.db");
	return c->db_path = c->db_buf;
}

int cli_load_bundled(cli *c, pacta_record **out, FILE *problems)
{
	pacta_error err;
	pacta_record *rec = pacta_record_new();
	if (!rec) {
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	const char *dir = cli_data_dir(c);
	if (pacta_record_load_dir(rec, dir, &err) != PACTA_OK) {
		/* Name files relative to the data directory. */
		cli_say(c, dir, err.where, err.message);
		pacta_record_free(rec);
		return EXIT_BADDATA;
	}
	pacta_diags diags = {0};
	long n = pacta_record_check(rec, &diags);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(problems, "%s%s/%s: %s\n", problems == stderr ? "pacta: " : "", dir,
			diags.items[i].where, diags.items[i].message);
	pacta_diags_free(&diags);
	if (n != 0) {
		if (n > 0)
			fprintf(stderr, "pacta: %ld problem%s in the record in %s\n", n,
				n == 1 ? "" : "s", dir);
		pacta_record_free(rec);
		return EXIT_BADDATA;
	}
	*out = rec;
	return EXIT_OK;
}

const char *cli_who(void)
{
	const char *u = getenv("PACTA_USER");
	if (!u || !*u)
		u = getenv("USER");
	return u && *u ? u : "pacta";
}

int cli_init_store(cli *c, bool force)
{
	pacta_error err;
	const char *path = cli_db_path(c);
	char dirbuf[4096];
	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	mkdirs(dirbuf);
	pacta_record *rec = NULL;
	int rc = cli_load_bundled(c, &rec, stderr);
	if (rc)
		return rc;
	pacta_store *st = NULL;
	if (pacta_store_open(path, PACTA_STORE_CREATE, &st, &err) != PACTA_OK) {
		pacta_record_free(rec);
		return cli_fail(c, &err);
	}
	if (!pacta_store_is_empty(st) && !force) {
		fprintf(stderr, "pacta: %s already holds a record; use 'pacta init --force' to replace it\n",
			path);
		pacta_store_close(st);
		pacta_record_free(rec);
		return EXIT_USAGE;
	}
	char why[4200];
	snprintf(why, sizeof(why), "init from the bundled record (%s)", cli_data_dir(c));
	if (pacta_store_replace(st, rec, cli_who(), why, &err) != PACTA_OK) {
		pacta_store_close(st);
		pacta_record_free(rec);
		return cli_fail(c, &err);
	}
	pacta_store_close(st);
	pacta_record_free(rec);
	return EXIT_OK;
}

/* Opens the store for a query (read-only) or a write. A file whose schema
 * needs an upgrade is opened once for writing to make it (the one write a
 * query may cause, as before), then again read-only. */
static int open_store(cli *c, const char *path)
{
	pacta_error err;
	unsigned flags = (c->trust ? PACTA_STORE_TRUST : 0) |
			 (c->writing ? 0 : PACTA_STORE_READONLY);
	pacta_rc rc = pacta_store_open(path, flags, &c->store, &err);
	if (rc == PACTA_ERR_DB && !c->writing) {
		pacta_store *up = NULL;
		if (pacta_store_open(path, flags & ~PACTA_STORE_READONLY, &up, &err) != PACTA_OK)
			return cli_fail(c, &err);
		pacta_store_close(up);
		rc = pacta_store_open(path, flags, &c->store, &err);
	}
	return rc == PACTA_OK ? EXIT_OK : cli_fail(c, &err);
}

int cli_open_store(cli *c)
{
	const char *path = cli_db_path(c);
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		/* Only the default location is created on first use: a
		 * mistyped --db or PACTA_DB must not answer from a new
		 * database without a word. */
		if (!c->db_default) {
			fprintf(stderr,
				"pacta: no database at %s (named by %s); create it from the "
				"bundled record with: pacta --db %s init\n",
				path, c->db_from_env ? "PACTA_DB" : "--db", path);
			return EXIT_NOTFOUND;
		}
		int rc = cli_init_store(c, false);
		if (rc)
			return rc;
		fprintf(stderr, "pacta: created %s from the bundled record\n", path);
	}
	return open_store(c, path);
}

int cli_open(cli *c)
{
	if (c->rec)
		return EXIT_OK;
	pacta_error err;
	int rc = cli_open_store(c);
	if (rc)
		return rc;
	/* Forensic reading: the check still runs, to say what is wrong, but
	 * does not stop the answer. */
	if (c->trust && pacta_store_check(c->store, &err) != PACTA_OK) {
		fprintf(stderr, "pacta: %s%s%s\n", err.where, err.where[0] ? ": " : "", err.message);
		fprintf(stderr, "pacta: --trust: answering from an unverified record\n");
	}
	if (pacta_store_load_as_recorded(c->store, c->as_recorded, &c->rec, &err) != PACTA_OK)
		return cli_fail(c, &err);
	return EXIT_OK;
}

int cli_writes_now(const cli *c)
{
	if (c->as_recorded)
		return cli_usage(c, "--as-recorded is for questions; a write adds to the record as it "
				    "stands now");
	if (c->trust)
		return cli_usage(c, "--trust is for reading a damaged record; nothing is ever written "
				    "onto one");
	return EXIT_OK;
}

int cli_open_for_writing(cli *c)
{
	int rc = cli_writes_now(c);
	c->writing = true;
	return rc ? rc : cli_open(c);
}

int cli_treaty(cli *c, const char *id, uint32_t *out)
{
	int32_t t = pacta_record_treaty_by_id(c->rec, id);
	if (t < 0) {
		fprintf(stderr, "pacta: ");
		fprintf(stderr, cli_tr(c, "no treaty '%s' in the record; known:"), id);
		for (size_t i = 0; i < c->rec->n_treaties; i++)
			fprintf(stderr, " %s", c->rec->treaties[i].id);
		fprintf(stderr, "\n");
		return EXIT_NOTFOUND;
	}
	*out = (uint32_t)t;
	return EXIT_OK;
}

int cli_state(cli *c, const char *query, uint32_t *out)
{
	pacta_error err;
	char also[300];
	pacta_rc rc = pacta_record_resolve_participant(c->rec, query, out, &err);
	/* The names in other languages are read only when the record's own
	 * do not answer. */
	bool by_names = rc == PACTA_ERR_NOTFOUND;
	if (by_names)
		rc = pacta_names_resolve(cli_names(c), c->rec, query, out, &err);
	/* The most common error, in the answers' language (the library's
	 * errors are English). */
	if (rc == PACTA_ERR_NOTFOUND && pacta_lang_translates(c->lang)) {
		fprintf(stderr, "pacta: ");
		fprintf(stderr,
			cli_tr(c, "no state or participant called '%s' (try an ISO code such as LVA, or 'pacta states')"),
			query);
		fprintf(stderr, "\n");
		return EXIT_NOTFOUND;
	}
	if (rc != PACTA_OK)
		return cli_fail(c, &err);
	/* A name that is also a word of other names ("Congo", "Guinea"): say
	 * which one was taken, and the others, on stderr. */
	if ((by_names ? pacta_names_also(cli_names(c), c->rec, query, *out, also, sizeof(also))
		      : pacta_record_names_also(c->rec, query, *out, also, sizeof(also))) > 0)
		fprintf(stderr, "pacta: '%s' is taken as %s (%s); also so named: %s\n", query,
			c->rec->participants[*out].name, c->rec->participants[*out].iso3, also);
	return EXIT_OK;
}

int cli_compile(cli *c, uint32_t treaty, pacta_treaty_status **out)
{
	pacta_error err;
	if (pacta_status_compile(c->rec, treaty, out, &err) != PACTA_OK)
		return cli_fail(c, &err);
	return EXIT_OK;
}

static int parse_date_opt(cli *c, const char *opt, const char *value, pacta_day *out)
{
	if (!value || !pacta_date_parse(value, strlen(value), out))
		return cli_usage(c, cli_tr(c, "%s needs a real date YYYY-MM-DD, not '%s'"), opt,
				 value ? value : "");
	return EXIT_OK;
}

/* Options that take a value, and where it goes. */
static int take_option(cli *c, const char *name, const char *value)
{
	struct {
		const char *name;
		const char **slot;
	} strings[] = {
		{"--db", &c->db_path},	   {"--data", &c->data_dir}, {"--group", &c->group},
		{"--treaty", &c->treaty},  {"--source", &c->source}, {"--effective", &c->effective},
		{"--target", &c->target},  {"--note", &c->note},     {"--why", &c->why},
		{"--date", &c->date},	   {"--action", &c->action},
		{"--port", &c->port},	   {"--bind", &c->bind},     {"--threads", &c->threads},
		{"--unit", &c->unit},	   {"--rule", &c->rule},     {"--state", &c->state},
		{"--format", &c->feed_format}, {"--datapackage", &c->datapackage},
		{"--out", &c->out},	   {"--public-url", &c->public_url},
		{"--dir", &c->dir},
		{"--year", &c->year},	   {"--lang", &c->lang_tag},
		{"--notification", &c->notification}, {"--circulated", &c->circulated},
		{"--territory", &c->territory}, {"--text", &c->text},
		{"--from-file", &c->from_file}, {"--url", &c->url},
		{"--timeout", &c->timeout}, {"--connect-timeout", &c->connect_timeout},
		{"--max-bytes", &c->max_bytes}, {"--retries", &c->retries},
		{"--retry-wait", &c->retry_wait}, {"--secret", &c->secret},
		{"--update-every", &c->update_every},
	};
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		if (strcmp(name, strings[i].name) == 0) {
			if (!value)
				return cli_usage(c, cli_tr(c, "%s needs a value"), name);
			*strings[i].slot = value;
			return EXIT_OK;
		}
	}
	if (strcmp(name, "--on") == 0) {
		c->on_given = true;
		return parse_date_opt(c, name, value, &c->on);
	}
	if (strcmp(name, "--as-recorded") == 0) {
		pacta_error err;
		if (!value)
			return cli_usage(c, cli_tr(c, "%s needs a value"), name);
		if (pacta_store_parse_stamp(value, c->as_recorded_buf, &err) != PACTA_OK)
			return cli_usage(c, "--as-recorded: %s", err.message);
		c->as_recorded = c->as_recorded_buf;
		return EXIT_OK;
	}
	/* --from/--to are dates, parsed once the command is known: a panel
	 * also takes a year or a month. */
	if (strcmp(name, "--from") == 0 || strcmp(name, "--to") == 0) {
		if (!value)
			return cli_usage(c, cli_tr(c, "%s needs a value"), name);
		*(name[2] == 'f' ? &c->from_arg : &c->to_arg) = value;
		return EXIT_OK;
	}
	return -1;
}

/* Options every command takes (see print_help). */
static const char *const global_options[] = {"--db", "--data", "--as-recorded", "--trust", "--lang",
					     "--help", "-h", NULL};

/* True when text names option as a whole word ("--csv", not "--csv-x"). */
static bool mentions(const char *text, const char *option)
{
	size_t n = strlen(option);
	for (const char *t = strstr(text, option); t; t = strstr(t + 1, option)) {
		char after = t[n];
		if (!(after == '-' || (after >= 'a' && after <= 'z')))
			return true;
	}
	return false;
}

/* An option the command's usage and help do not name is a usage error: a
 * command never ignores what it was asked (explain --csv). */
static int check_options(cli *c, const cli_command *cmd, const char *const *seen, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool global = false;
		for (const char *const *g = global_options; *g; g++)
			global |= strcmp(*g, seen[i]) == 0;
		if (!global && !mentions(cmd->usage, seen[i]) && !mentions(cmd->help, seen[i]))
			return cli_usage(c, cli_tr(c, "'%s' does not take %s (see pacta %s --help)"), cmd->name,
					 seen[i], cmd->name);
	}
	return EXIT_OK;
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The command line's work; main() frees what it leaves in c. */
static int cli_main(cli *c, int argc, char **argv)
{
	c->prog = argv[0];
	c->on = pacta_date_today();
	c->from = c->to = PACTA_DAY_NONE;
	const cli_command *cmd = NULL;
	int rc = EXIT_OK;
	/* The options given, by name, checked against the command's. */
	char seen_names[CLI_MAX_ARGS][32];
	const char *seen[CLI_MAX_ARGS];
	size_t n_seen = 0;
	/* The language first, so that every message, an error in the
	 * arguments too, is in it. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			c->lang_tag = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			c->lang_tag = argv[++i];
	}
	if ((rc = cli_lang(c)) != 0)
		return rc;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] == '-' && a[2] && n_seen < CLI_MAX_ARGS) {
			size_t len = strcspn(a, "=");
			snprintf(seen_names[n_seen], sizeof(seen_names[n_seen]), "%.*s",
				 (int)(len < 31 ? len : 31), a);
			seen[n_seen] = seen_names[n_seen];
			n_seen++;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (c->n_args == CLI_MAX_ARGS)
					return cli_usage(c, cli_tr(c, "too many arguments"));
				c->args[c->n_args++] = argv[i];
			}
			break;
		}
		if (a[0] == '-' && a[1]) {
			if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
				c->help = true;
			} else if (!strcmp(a, "--version")) {
				printf("pacta %s\n", PACTA_VERSION);
				return EXIT_OK;
			} else if (!strcmp(a, "--json")) {
				c->format = OUT_JSON;
			} else if (!strcmp(a, "--csv")) {
				c->format = OUT_CSV;
			} else if (!strcmp(a, "--force")) {
				c->force = true;
			} else if (!strcmp(a, "--trust")) {
				c->trust = true;
			} else if (!strcmp(a, "--allow-future")) {
				c->allow_future = true;
			} else if (!strcmp(a, "--notifications")) {
				c->notifications = true;
			} else if (!strcmp(a, "--dry-run")) {
				c->dry_run = true;
			} else if (!strcmp(a, "--ndjson")) {
				c->ndjson = true;
			} else if (!strcmp(a, "--all-states")) {
				c->all_states = true;
			} else if (!strcmp(a, "--all")) {
				c->all = true;
			} else if (!strcmp(a, "--review")) {
				c->review = true;
			} else {
				/* --name=value or --name value */
				char name[64];
				const char *eq = strchr(a, '=');
				const char *value;
				if (eq && (size_t)(eq - a) < sizeof(name)) {
					memcpy(name, a, (size_t)(eq - a));
					name[eq - a] = '\0';
					value = eq + 1;
				} else {
					snprintf(name, sizeof(name), "%s", a);
					value = i + 1 < argc ? argv[i + 1] : NULL;
				}
				int r = take_option(c, name, value);
				if (r < 0)
					return cli_usage(c, cli_tr(c, "unknown option '%s'"), a);
				if (r)
					return r;
				if (!eq)
					i++;
			}
			continue;
		}
		if (!cmd) {
			cmd = find_command(a);
			if (!cmd)
				return cli_usage(c, cli_tr(c, "unknown command '%s'"), a);
			c->command = cmd->usage;
			continue;
		}
		if (c->n_args == CLI_MAX_ARGS)
			return cli_usage(c, cli_tr(c, "too many arguments"));
		c->args[c->n_args++] = a;
	}
	if (c->help) {
		if (cmd)
			print_command_help(stdout, cmd);
		else
			print_help(stdout);
		return EXIT_OK;
	}
	if (!cmd) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if ((rc = check_options(c, cmd, seen, n_seen)) != 0)
		return rc;
	if (cmd->run != cmd_panel) {
		if (c->from_arg && (rc = parse_date_opt(c, "--from", c->from_arg, &c->from)) != 0)
			return rc;
		if (c->to_arg && (rc = parse_date_opt(c, "--to", c->to_arg, &c->to)) != 0)
			return rc;
	}
	rc = cmd->run(c);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "pacta: cannot write the output\n");
		rc = EXIT_BADDATA;
	}
	return rc;
}

int main(int argc, char **argv)
{
	cli c;
	memset(&c, 0, sizeof(c));
	int rc = cli_main(&c, argc, argv);
	pacta_record_free(c.rec);
	pacta_store_close(c.store);
	pacta_names_free(c.names);
	pacta_lang_free(c.lang);
	return rc;
}
