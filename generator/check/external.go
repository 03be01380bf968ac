package check

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"qiao/generator/build"
	"qiao/generator/diag"
	"qiao/generator/site"
)

// CacheFile is where check --external remembers, in the site's folder,
// the links that answered well, so that the next run asks again only
// after MaxAge. It may be deleted at any time, and git-ignored.
const CacheFile = ".qiao-link-cache.json"

// Link is a link to another site, where it is written.
type Link struct {
	Path string // a slash path from the site root
	Line int
	URL  string // as written
}

// ExternalLinks returns the links to other sites of a site from
// build.Check: those of the page bodies, then the URLs of front matter (a
// policy's source, a speaker's links).
func ExternalLinks(s *site.Site, bodies []build.Link) []Link {
	links := make([]Link, 0, len(bodies))
	for _, l := range bodies {
		links = append(links, Link(l))
	}
	for _, p := range s.Pages {
		f := p.File
		if f == nil {
			continue
		}
		if f.Policy != nil && isExternal(f.Policy.Source) {
			links = append(links, Link{Path: f.Path, Line: f.Line("source"), URL: f.Policy.Source})
		}
		if f.Speaker != nil {
			keys := make([]string, 0, len(f.Speaker.Links))
			for k := range f.Speaker.Links {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if u := f.Speaker.Links[k]; isExternal(u) {
					links = append(links, Link{Path: f.Path, Line: f.ValueLine("links."+k, u), URL: u})
				}
			}
		}
	}
	return links
}

func isExternal(dest string) bool {
	lower := strings.ToLower(dest)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(dest, "//")
}

// LinkChecker asks other sites whether the pages links lead to are there.
// Its fields have the defaults of NewLinkChecker; tests shorten them.
type LinkChecker struct {
	Client  *http.Client  // follows up to 10 redirects
	Timeout time.Duration // for one request to answer with its headers
	// Retries are the tries after the first one, for answers that may
	// change: no answer in time, a failed connection, 408, 429 and 5xx.
	Retries int
	Backoff time.Duration // before the first retry, doubled for each next one
	Workers int           // requests at once
	PerHost int           // requests at once to one host
	// Cache is the file of good answers ("" for none), trusted for MaxAge.
	Cache  string
	MaxAge time.Duration
	Now    func() time.Time
}

// NewLinkChecker returns a checker with the defaults of check --external,
// remembering good answers in cache ("" for none).
func NewLinkChecker(cache string) *LinkChecker {
	return &LinkChecker{
		Client:  &http.Client{},
		Timeout: 10 * time.Second,
		Retries: 2,
		Backoff: time.Second,
		Workers: 16,
		PerHost: 2,
		Cache:   cache,
		MaxAge:  24 * time.Hour,
		Now:     time.Now,
	}
}

// ExternalSummary counts what a LinkChecker did.
type ExternalSummary struct {
	Links       int `json:"links"`       // links to other sites
	URLs        int `json:"urls"`        // distinct addresses among them, without #fragments
	Cached      int `json:"cached"`      // answered from the cache file
	Broken      int `json:"broken"`      // addresses that are errors
	Unreachable int `json:"unreachable"` // addresses that are warnings
}

// answer is what became of one address.
type answer struct {
	broken bool   // the server says the page is not there: an error
	why    string // what went wrong; "" when it is fine
	cached bool
}

// Check asks for every address once, many at a time but at most PerHost
// at once per host, and reports each link to a bad one: an error when the
// server answered that the page is not there (404, 410 and other 4xx but
// 401, 403, 408 and 429) or there were too many redirects, a warning when
// it could not be asked (no answer in time, no such host, no connection,
// 5xx, 429, or refused to a robot with 401 or 403). The error is about the
// cache file only: the links were checked.
func (lc *LinkChecker) Check(ctx context.Context, links []Link, diags *diag.List) (ExternalSummary, error) {
	sum := ExternalSummary{Links: len(links)}
	index := map[string]int{}
	var urls []string
	for _, l := range links {
		u := address(l.URL)
		if _, ok := index[u]; !ok {
			index[u] = len(urls)
			urls = append(urls, u)
		}
	}
	sum.URLs = len(urls)
	now := lc.Now()
	cache := lc.readCache(now)
	answers := make([]answer, len(urls))
	var todo []int
	for i, u := range urls {
		if _, ok := cache[u]; ok {
			answers[i] = answer{cached: true}
			sum.Cached++
		} else {
			todo = append(todo, i)
		}
	}
	lc.askAll(ctx, urls, todo, answers)
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	for i, a := range answers {
		switch {
		case a.why == "":
			cache[urls[i]] = cmp.Or(cache[urls[i]], now)
		case a.broken:
			sum.Broken++
		default:
			sum.Unreachable++
		}
	}
	for _, l := range links {
		a := answers[index[address(l.URL)]]
		if a.why == "" {
			continue
		}
		d := diag.Diagnostic{Path: l.Path, Line: l.Line, Severity: diag.Warning, Code: "external-link-unreachable", Message: "link to " + l.URL + ": " + a.why}
		if a.broken {
			d.Severity, d.Code = diag.Error, "external-link"
		}
		diags.Add(d)
	}
	return sum, lc.writeCache(cache)
}

// address is what is asked for a link: without its #fragment, which the
// browser keeps to itself, and with a scheme.
func address(link string) string {
	u, _, _ := strings.Cut(link, "#")
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	return u
}

// askAll asks for urls[i] for every i in todo, interleaving hosts so that
// one host's many links do not keep the workers from the others.
func (lc *LinkChecker) askAll(ctx context.Context, urls []string, todo []int, answers []answer) {
	host := func(i int) string {
		if u, err := url.Parse(urls[i]); err == nil {
			return strings.ToLower(u.Host)
		}
		return ""
	}
	byHost := map[string][]int{}
	var hosts []string
	for _, i := range todo {
		h := host(i)
		if byHost[h] == nil {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], i)
	}
	var order []int
	for round := 0; len(order) < len(todo); round++ {
		for _, h := range hosts {
			if round < len(byHost[h]) {
				order = append(order, byHost[h][round])
			}
		}
	}
	slots := map[string]chan struct{}{}
	for _, h := range hosts {
		slots[h] = make(chan struct{}, max(lc.PerHost, 1))
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(max(lc.Workers, 1), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				slot := slots[host(i)]
				select {
				case slot <- struct{}{}:
				case <-ctx.Done():
					continue
				}
				answers[i] = lc.ask(ctx, urls[i])
				<-slot
			}
		}()
	}
	for _, i := range order {
		select {
		case work <- i:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
}

// ask requests one address, again while the failure may pass.
func (lc *LinkChecker) ask(ctx context.Context, u string) answer {
	wait := lc.Backoff
	tries := 0
	for {
		tries++
		a, retry, after := lc.try(ctx, u)
		if !retry || tries > lc.Retries || ctx.Err() != nil {
			if tries > 1 && a.why != "" {
				a.why += fmt.Sprintf(" (tried %d times)", tries)
			}
			return a
		}
		if after > 0 {
			wait = min(after, 30*time.Second)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
		}
		wait *= 2
	}
}

// try requests an address once. retry says whether another try may
// answer otherwise, after the time the server asked for, if any.
func (lc *LinkChecker) try(ctx context.Context, u string) (a answer, retry bool, after time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, lc.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return answer{broken: true, why: "not an address: " + err.Error()}, false, 0
	}
	// Some servers refuse Go's default agent.
	req.Header.Set("User-Agent", "Mozilla/5.0 (compatible; qiao-check/1; links of a static site)")
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := lc.Client.Do(req)
	if err != nil {
		var dns *net.DNSError
		switch {
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
			return answer{why: fmt.Sprintf("no answer within %v", lc.Timeout)}, true, 0
		case errors.As(err, &dns) && dns.IsNotFound:
			return answer{why: "no such host: " + dns.Name}, false, 0
		case strings.Contains(err.Error(), "stopped after"):
			return answer{broken: true, why: "too many redirects"}, false, 0
		}
		return answer{why: "cannot connect: " + unwrapURLError(err)}, true, 0
	}
	resp.Body.Close() // the headers are the answer
	status := resp.Status
	if final := resp.Request.URL.String(); final != u {
		status = "redirected to " + final + ", which answered " + status
	} else {
		status = "the server answered " + status
	}
	switch c := resp.StatusCode; {
	case c < 400:
		return answer{}, false, 0
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return answer{why: status}, true, retryAfter(resp.Header.Get("Retry-After"))
	case c == http.StatusUnauthorized || c == http.StatusForbidden:
		return answer{why: status + " to the checker; see whether a browser opens it"}, false, 0
	}
	return answer{broken: true, why: status}, false, 0
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURLError leaves out the method and address url.Error repeats.
func unwrapURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(v string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

// cacheFile is the form of CacheFile.
type cacheFile struct {
	Version int `json:"version"`
	// Good maps each address that answered well to when it did.
	Good map[string]time.Time `json:"good"`
}

// readCache returns the good answers younger than MaxAge; a missing or
// unreadable file is an empty cache.
func (lc *LinkChecker) readCache(now time.Time) map[string]time.Time {
	good := map[string]time.Time{}
	if lc.Cache == "" {
		return good
	}
	b, err := os.ReadFile(lc.Cache)
	if err != nil {
		return good
	}
	var f cacheFile
	if json.Unmarshal(b, &f) != nil || f.Version != 1 {
		return good
	}
	for u, t := range f.Good {
		if age := now.Sub(t); age >= 0 && age < lc.MaxAge {
			good[u] = t
		}
	}
	return good
}

// writeCache replaces the cache file in one step; it makes none to
// remember nothing.
func (lc *LinkChecker) writeCache(good map[string]time.Time) error {
	if lc.Cache == "" {
		return nil
	}
	if _, err := os.Stat(lc.Cache); len(good) == 0 && errors.Is(err, os.ErrNotExist) {
		return nil
	}
	b, err := json.MarshalIndent(cacheFile{Version: 1, Good: good}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(lc.Cache), filepath.Base(lc.Cache)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write the link cache: %w", err)
	}
	_, err = tmp.Write(append(b, '\n'))
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), lc.Cache)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write the link cache: %w", err)
	}
	return nil
}
