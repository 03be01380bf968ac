package serve

import (
	"os/exec"
	"runtime"
)

// OpenBrowser opens url in the default browser, as the desktop would open
// a link, and does not wait for the browser.
func OpenBrowser(url string) error {
	name, args := browserCommand(runtime.GOOS, url)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // the opener ends at once; this only reaps it
	return nil
}

// browserCommand is the command that opens url in the default browser on
// the system goos.
func browserCommand(goos, url string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{url}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	default:
		return "xdg-open", []string{url}
	}
}
