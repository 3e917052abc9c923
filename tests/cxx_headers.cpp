// Every public header compiles as C++ and links with C linkage (extern "C"):
// a C++ program calls pacta_data_dir() and pacta_date_parse().
#include "pacta/counts.h"
#include "pacta/datapackage.h"
#include "pacta/date.h"
#include "pacta/error.h"
#include "pacta/explain.h"
#include "pacta/feed.h"
#include "pacta/ical.h"
#include "pacta/import.h"
#include "pacta/map.h"
#include "pacta/obligations.h"
#include "pacta/panel.h"
#include "pacta/period.h"
#include "pacta/profile.h"
#include "pacta/record.h"
#include "pacta/report.h"
#include "pacta/reports.h"
#include "pacta/declarations.h"
#include "pacta/territory.h"
#include "pacta/rules.h"
#include "pacta/scaffold.h"
#include "pacta/status.h"
#include "pacta/store.h"
#include "pacta/token.h"
#include "pacta/untc.h"
#include "pacta/url.h"

#include <cstdio>
#include <cstring>

int main()
{
	pacta_day d;
	const char *dir = pacta_data_dir();
	bool ok = dir && dir[0] == '/' && pacta_date_parse("1999-03-01", 10, &d);
	std::printf("1..1\n%s 1 - C++ includes every header and calls the library\n",
		    ok ? "ok" : "not ok");
	return ok ? 0 : 1;
}
