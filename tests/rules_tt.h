/*
 * rules_tt.h - the rules text of "tt", a small test treaty with
 * obligations, shared by the store tests and the fuzz harnesses (which
 * import into a record that holds it).
 */
#ifndef PACTA_TEST_RULES_TT_H
#define PACTA_TEST_RULES_TT_H

#define TT_RULES_JSON \
	"{\"id\": \"tt\", \"name\": \"Test Treaty\"," \
	" \"title\": \"Treaty on the Testing of Stores\"," \
	" \"depositary\": \"Secretary-General of the United Nations\"," \
	" \"source_url\": \"https://example.org/tt\"," \
	" \"adopted\": {\"date\": \"1997-09-18\", \"place\": \"Oslo\"}," \
	" \"record\": [\"tt/acts.csv\", \"tt/domestic.csv\"]," \
	" \"obligations_record\": [\"tt/obligations.csv\"]," \
	" \"rules\": {" \
	"  \"consent\": {\"article\": \"15\"," \
	"   \"instruments\": [\"ratification\", \"accession\"]}," \
	"  \"entry_into_force\": {\"article\": \"17(1)\", \"instruments\": 2," \
	"   \"delay\": {\"first_day_of_month_after\": 6}}," \
	"  \"withdrawal\": {\"article\": \"20(2)\", \"notice\": {\"months\": 6}}," \
	"  \"obligations\": [" \
	"   {\"id\": \"3\", \"article\": \"3(1)\", \"name\": \"retained mines\"," \
	"    \"kind\": \"continuing\", \"applies\": \"recorded\"}," \
	"   {\"id\": \"5\", \"article\": \"5(1)\", \"name\": \"clearance\"," \
	"    \"kind\": \"deadline\", \"applies\": \"recorded\"," \
	"    \"delay\": {\"years\": 10}}," \
	"   {\"id\": \"7.2\", \"article\": \"7(2)\", \"name\": \"annual report\"," \
	"    \"kind\": \"annual\", \"applies\": \"all_parties\", \"on\": \"04-30\"}" \
	"  ]" \
	" }}"

#endif
