package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// screenshotDir receives the screenshots; it is git-ignored.
const screenshotDir = "screenshots"

// TestScreenshots writes full-page screenshots of the home page, the
// catalog and a course page in both languages, and of a page of each other
// kind, at a phone's and a laptop's width, to screenshots/ for people to
// look at (en-home-375.png …), and the course page in the dark scheme and
// in print.
func TestScreenshots(t *testing.T) {
	tab := browser.NewTab(t)
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"en-home", "/"},
		{"en-catalog", "/courses/"},
		{"en-course", "/courses/itt-201/"},
		{"zh-home", "/zh/"},
		{"zh-catalog", "/zh/courses/"},
		{"zh-course", "/zh/courses/itt-201/"},
		{"en-speakers", "/speakers/"},
		{"zh-speaker", "/zh/speakers/han-jun/"},
		{"en-case", "/cases/corerain/"},
		{"zh-policy", "/zh/policies/trips-agreement/"},
		{"en-topic", "/topics/evaluation/"},
		{"en-search", "/search/"},
		{"en-course-evening", "/courses/itt-104/"},
		{"zh-course-evening", "/zh/courses/itt-104/"},
	}
	for _, width := range []int{375, 1280} {
		if err := tab.SetViewport(width, 800); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := tab.Navigate(server.URL + p.path); err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			png, err := tab.Screenshot()
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			file := filepath.Join(screenshotDir, fmt.Sprintf("%s-%d.png", p.name, width))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, media := range [][2]string{{"prefers-color-scheme", "dark"}, {"media", "print"}} {
		if err := tab.Emulate(media[0], media[1]); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages[1:3] {
			if err := tab.Navigate(server.URL + p.path); err != nil {
				t.Fatal(err)
			}
			png, err := tab.Screenshot()
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(screenshotDir, fmt.Sprintf("%s-%s-1280.png", p.name, media[1]))
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range tab.TakeProblems() {
		t.Error(p)
	}
}
