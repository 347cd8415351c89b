package report

import (
	"testing"

	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
