package main

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestParseFlagsDefaults(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.epochs != 10 || cfg.batch != 128 || cfg.lr != 1e-3 || !reflect.DeepEqual(cfg.hidden, []int{256, 128}) ||
		cfg.optimizer != "adam" || cfg.schedule != "cosine" || cfg.threads != 1 || cfg.parallel != "data" {
		t.Fatalf("defaults %+v", cfg)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "-epochs 0"},
		{[]string{"-batch", "-1"}, "-batch -1"},
		{[]string{"-lr", "0"}, "-lr 0"},
		{[]string{"-lr", "NaN"}, "-lr NaN"},
		{[]string{"-threads", "0"}, "-threads 0"},
		{[]string{"-hidden", "256,x"}, "-hidden"},
		{[]string{"-hidden", "0"}, "-hidden"},
		{[]string{"-optimizer", "lbfgs"}, "-optimizer"},
		{[]string{"-schedule", "step"}, "-schedule"},
		{[]string{"-parallel", "model"}, "-parallel"},
		{[]string{"-plot", "a.gif"}, "-plot"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		_, err := parseFlags(tc.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseFlags(%q) = %v, want error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestParseSizes(t *testing.T) {
	got, err := parseSizes(" 512, 64 ")
	if err != nil || !reflect.DeepEqual(got, []int{512, 64}) {
		t.Fatalf("parseSizes = %v, %v", got, err)
	}
	if got, err := parseSizes(""); err != nil || got != nil {
		t.Fatalf("parseSizes(\"\") = %v, %v", got, err)
	}
}

func TestBar(t *testing.T) {
	for _, tc := range []struct {
		done, total int
		want        string
	}{
		{0, 10, "[>         ]"},
		{5, 10, "[=====>    ]"},
		{10, 10, "[==========]"},
		{11, 10, "[==========]"},
		{0, 0, "[>         ]"},
	} {
		if got := bar(tc.done, tc.total, 10); got != tc.want {
			t.Errorf("bar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
}
