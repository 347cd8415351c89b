package clock

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
)

// calendarFS holds the shipped calendars as calendars/<REGION>/<YEAR>.json,
// each in canonical form (a test keeps them so).
//
//go:embed calendars
var calendarFS embed.FS

// EmbeddedYearFiles returns the year files shipped for region, by year. It
// returns no files and no error for a region that ships none.
func EmbeddedYearFiles(region string) ([]*YearFile, error) {
	if !validRegion(region) {
		return nil, fmt.Errorf("embedded calendar: %q is not a region code", region)
	}
	dir := path.Join("calendars", region)
	entries, err := fs.ReadDir(calendarFS, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("embedded calendar %s: %w", dir, err)
	}
	var out []*YearFile
	for _, e := range entries {
		name := e.Name()
		year, err := strconv.Atoi(strings.TrimSuffix(name, ".json"))
		if err != nil || !strings.HasSuffix(name, ".json") {
			return nil, fmt.Errorf("embedded calendar %s/%s: want <YEAR>.json", dir, name)
		}
		data, err := calendarFS.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("embedded calendar %s/%s: %w", dir, name, err)
		}
		f, err := ParseYearFile(data)
		if err != nil {
			return nil, fmt.Errorf("embedded calendar %s/%s: %w", dir, name, err)
		}
		if f.Region != region || f.Year != year {
			return nil, fmt.Errorf("embedded calendar %s/%s: holds %s %d", dir, name, f.Region, f.Year)
		}
		out = append(out, f)
	}
	return out, nil
}

var nationalOnce = sync.OnceValues(func() (*Calendar, error) {
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		return nil, err
	}
	return NewCalendar(files...)
})

// National returns the national calendar built from the shipped year files.
// It is built once; the error can only come from a broken build, which the
// package tests rule out.
func National() (*Calendar, error) { return nationalOnce() }
