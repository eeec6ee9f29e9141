package main

// parsePixels is the fast path for the common request: it parses exactly
// {"pixels":[v0,v1,...]} (JSON whitespace allowed; values plain integers
// or decimals such as 0, 255, 12.5) into dst and reports whether the body
// had that form with len(dst) values. Anything else (other fields,
// exponents, strings, a different count) returns false and the caller
// decodes with encoding/json, which accepts a superset and words the
// errors; so the fast path never changes what a request means.
func parsePixels(b, key []byte, dst []float64) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i+len(key)+2 > len(b) || b[i] != '"' || string(b[i+1:i+1+len(key)]) != string(key) || b[i+1+len(key)] != '"' {
		return false
	}
	i = skipSpace(b, i+len(key)+2)
	if i >= len(b) || b[i] != ':' {
		return false
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '[' {
		return false
	}
	for k := range dst {
		i = skipSpace(b, i+1)
		v, j, ok := parseNumber(b, i)
		if !ok {
			return false
		}
		dst[k] = v
		i = skipSpace(b, j)
		if i >= len(b) {
			return false
		}
		if want := byte(','); k == len(dst)-1 {
			want = ']'
			if b[i] != want {
				return false
			}
		} else if b[i] != want {
			return false
		}
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '}' {
		return false
	}
	return skipSpace(b, i+1) == len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// parseNumber parses a JSON number of the form -?(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?
// at b[i:], returning its value and the index after it. Longer or other
// forms return false (the slow path handles them exactly).
func parseNumber(b []byte, i int) (float64, int, bool) {
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	start := i
	var n int64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 6 || (digits > 1 && b[start] == '0') {
		return 0, i, false
	}
	v := float64(n)
	if i < len(b) && b[i] == '.' {
		i++
		fs := i
		var f int64
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			f = f*10 + int64(b[i]-'0')
			i++
		}
		nd := i - fs
		if nd == 0 || nd > 6 {
			return 0, i, false
		}
		// n and f are exact in float64 and pow10[nd] is exact, so this is
		// the correctly rounded value strconv.ParseFloat would return.
		v = float64(n*pow10[nd]+f) / float64(pow10[nd])
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		return 0, i, false
	}
	if neg {
		v = -v
	}
	return v, i, true
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}
