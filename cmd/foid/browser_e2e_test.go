package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "write PNG screenshots of the main pages to this directory (browser tests)")

// browserPath finds Chromium. Without it the browser tests skip, unless
// FOI_REQUIRE_BROWSER=1 (CI) makes its absence a failure.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found for the browser tests: apt-get install -y chromium fonts-noto-cjk"
	if os.Getenv("FOI_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser is one headless Chromium tab that a test walks through foid's
// pages with.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browserPath(t)), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base}
	b.do(chromedp.Navigate("about:blank"))
	return b
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

func (b *browser) location() string {
	loc, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("location.pathname"))
	return loc
}

func (b *browser) open(path string) *browser {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	return b
}

// phone and desktop set the viewport: a 390-pixel-wide phone, or a
// desktop at the service-hall window.
func (b *browser) phone() *browser {
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	return b
}

func (b *browser) desktop() *browser {
	b.do(chromedp.EmulateViewport(1280, 900))
	return b
}

// fill sets inputs by their ids. Inputs are set, and elements clicked,
// through the page's own DOM, so nothing depends on chromedp's view of a
// document that a navigation just replaced.
func (b *browser) fill(pairs ...string) *browser {
	b.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		b.eval(fmt.Sprintf("(function(){var e=document.getElementById(%q); if(!e){return false}; e.value=%q; return true})()", pairs[i], pairs[i+1]), "fill #"+pairs[i])
	}
	return b
}

// click clicks each element in turn, on the same page.
func (b *browser) click(sels ...string) *browser {
	b.t.Helper()
	for _, s := range sels {
		b.eval(fmt.Sprintf("(function(){var e=document.querySelector(%q); if(!e){return false}; e.click(); return true})()", s), "click "+s)
	}
	return b
}

// submit clicks a button that sends a form, and waits for the next page.
func (b *browser) submit(sel string) *browser {
	b.t.Helper()
	b.eval(fmt.Sprintf("(function(){var e=document.querySelector(%q); if(!e){return false}; window.__foiBefore=true; e.click(); return true})()", sel), "submit "+sel)
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("window.__foiBefore === undefined && document.readyState === 'complete'"))
		if err == nil && done {
			return b
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("no new page after %s (at %s)", sel, b.location())
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// eval runs a script that reports whether it found its element.
func (b *browser) eval(script, what string) {
	b.t.Helper()
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](script))
	if err != nil || !ok {
		b.t.Fatalf("%s at %s: not found (%v)", what, b.location(), err)
	}
}

// receiptField reads a row of the printed receipt's facts table.
func (b *browser) receiptField(label string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(
		"(function(){for (const th of document.querySelectorAll('table.facts th')) { if (th.textContent === %q) return th.nextElementSibling.textContent.trim() } return ''})()", label)))
	if err != nil || v == "" {
		b.t.Fatalf("no %s on the receipt at %s: %v", label, b.location(), err)
	}
	return v
}

// see waits until the page shows every text.
func (b *browser) see(texts ...string) *browser {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, s := range texts {
		for {
			body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
			if strings.Contains(body, s) {
				break
			}
			if time.Now().After(deadline) {
				b.t.Fatalf("the page %s never showed %q; it shows:\n%.1500s", b.location(), s, body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return b
}

// at waits until the browser is at a path starting with prefix and
// returns the full path.
func (b *browser) at(prefix string) string {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc := b.location()
		if strings.HasPrefix(loc, prefix) {
			return loc
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the browser is at %s, not %s", loc, prefix)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shot writes a screenshot of the whole page when -screenshots is set.
func (b *browser) shot(name string) *browser {
	b.t.Helper()
	return b.capture(name, chromedp.FullScreenshot(100))
}

// view writes a screenshot of what the viewport shows.
func (b *browser) view(name string) *browser {
	b.t.Helper()
	return b.capture(name, chromedp.CaptureScreenshot())
}

func (b *browser) capture(name string, a chromedp.Action[[]byte]) *browser {
	b.t.Helper()
	if *screenshots == "" {
		return b
	}
	png, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return b
}

func (b *browser) signIn(login, password string) *browser {
	b.t.Helper()
	b.open("/signin").fill("f-login", login, "f-password", password).submit("main button[type=submit]")
	b.see("退出登录")
	return b
}

func (b *browser) signOut() *browser {
	b.t.Helper()
	b.submit(`form[action="/signout"] button`).see("您已退出登录")
	return b
}

// act opens an action of the case page and sends it.
func (b *browser) act(event string, pairs ...string) *browser {
	b.t.Helper()
	b.click(fmt.Sprintf("#act-%s summary", event))
	b.fill(pairs...)
	b.submit(fmt.Sprintf("#act-%s button[type=submit]", event))
	return b
}

// href is the link target of the first element sel matches.
func (b *browser) href(sel string) string {
	b.t.Helper()
	h, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf("document.querySelector(%q).getAttribute('href')", sel)))
	if err != nil {
		b.t.Fatalf("no link %s at %s: %v", sel, b.location(), err)
	}
	return h
}
