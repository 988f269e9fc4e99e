// Dates and times in text: months by name or abbreviation, weekdays, dates
// in figures ("1911-06-03", "25/6/1911"), clock times ("2:30 p.m.") and
// durations in figures ("2:01:09"), as the keys facts.h describes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lmz::ground {

// 1 to 12 for a month's name or abbreviation ("jan", "sept"; "may" only in
// full), lower-cased; 0 for any other word.
int month_of(std::string_view w);

// Whether `w` (lower-cased) names a day of the week.
bool is_weekday(std::string_view w);

// The keys of a date span's text: its months ("m:6"), weekdays
// ("d:monday"), day and year numbers ("n:3"), or the day, month and year
// of a date in figures, and a clock time in it ("t:2:30", "t:pm").
void date_keys(std::string_view text, std::vector<std::string>& keys);

// "2:01:09" with no a.m. or p.m. may be a duration, 2 hours, 1 minute and
// 9 seconds: its numbers as keys ("n:2", "n:1", "n:9"); none for any other text.
std::vector<std::string> duration_keys(std::string_view text);

}  // namespace lmz::ground
