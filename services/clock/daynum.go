package clock

// Integer civil-calendar arithmetic on Date's day numbers, so the hot paths
// never build a time.Time. The algorithms are Howard Hinnant's
// days_from_civil and civil_from_days, on days since 1970-01-01.

// yearStart returns the day number (Date.n) of January 1 of year y.
func yearStart(y int) int32 {
	y-- // January and February count with the previous March-based year
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	const doy = 306 // March 1 to January 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468 + epochOffset)
}

// yearOf returns the year of the day number n.
func yearOf(n int32) int {
	z := int64(n) - epochOffset + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	if mp := (5*doy + 2) / 153; mp >= 10 { // January or February
		y++
	}
	return int(y)
}

// isLeap reports whether y has 366 days.
func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn returns the number of days of year y.
func daysIn(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

// dayOfYear returns the year of d and d's zero-based index in it.
func dayOfYear(d Date) (y, i int) {
	y = yearOf(d.n)
	return y, int(d.n - yearStart(y))
}
