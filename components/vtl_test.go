package components

// A small interpreter for the Velocity (VTL) subset API Gateway mapping templates use here:
// $input.params/path/json, $util.base64Encode/escapeJavaScript, String.replaceAll, Map.get,
// #if/#else/#end with == and truthiness, #foreach with $foreach.index/hasNext, and ## comments.
// It exists so tests check what a template produces, not how it is spelled.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// vtlRequest is what API Gateway hands a mapping template.
type vtlRequest struct {
	Params map[string]string
	Body   string
}

type vtl struct {
	src  string
	pos  int
	req  vtlRequest
	body any
	vars map[string]any
}

type loopState struct {
	index   int
	hasNext bool
}

// renderVTL evaluates a template against a request.
func renderVTL(template string, req vtlRequest) (string, error) {
	v := &vtl{src: template, req: req, vars: map[string]any{}}
	if strings.TrimSpace(req.Body) != "" {
		if err := json.Unmarshal([]byte(req.Body), &v.body); err != nil {
			return "", fmt.Errorf("request body: %w", err)
		}
	}
	out, stop, err := v.block()
	if err != nil {
		return "", err
	}
	if stop != "" {
		return "", fmt.Errorf("unexpected #%s at %d", stop, v.pos)
	}
	return out, nil
}

// block renders until the end of input or an #else/#end, which it returns without consuming.
func (v *vtl) block() (string, string, error) {
	var b strings.Builder
	for v.pos < len(v.src) {
		switch {
		case strings.HasPrefix(v.src[v.pos:], "##"):
			if nl := strings.IndexByte(v.src[v.pos:], '\n'); nl >= 0 {
				v.pos += nl + 1
			} else {
				v.pos = len(v.src)
			}
		case strings.HasPrefix(v.src[v.pos:], "#else"):
			return b.String(), "else", nil
		case strings.HasPrefix(v.src[v.pos:], "#end"):
			return b.String(), "end", nil
		case strings.HasPrefix(v.src[v.pos:], "#if("):
			s, err := v.ifDirective()
			if err != nil {
				return "", "", err
			}
			b.WriteString(s)
		case strings.HasPrefix(v.src[v.pos:], "#foreach("):
			s, err := v.foreachDirective()
			if err != nil {
				return "", "", err
			}
			b.WriteString(s)
		case v.src[v.pos] == '$' && v.pos+1 < len(v.src) && isIdentStart(v.src[v.pos+1]):
			val, err := v.reference()
			if err != nil {
				return "", "", err
			}
			b.WriteString(text(val))
		default:
			b.WriteByte(v.src[v.pos])
			v.pos++
		}
	}
	return b.String(), "", nil
}

func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdent(c byte) bool      { return isIdentStart(c) || (c >= '0' && c <= '9') || c == '-' }

// skipDirectiveEnd consumes "#end" or "#else" (and the newline after a directive on its own line).
func (v *vtl) consume(word string) {
	v.pos += len(word)
}

func (v *vtl) ifDirective() (string, error) {
	v.pos += len("#if(")
	cond, err := v.condition()
	if err != nil {
		return "", err
	}
	then, stop, err := v.block()
	if err != nil {
		return "", err
	}
	var otherwise string
	if stop == "else" {
		v.consume("#else")
		otherwise, stop, err = v.block()
		if err != nil {
			return "", err
		}
	}
	if stop != "end" {
		return "", fmt.Errorf("#if without #end")
	}
	v.consume("#end")
	if cond {
		return then, nil
	}
	return otherwise, nil
}

func (v *vtl) condition() (bool, error) {
	v.spaces()
	left, err := v.reference()
	if err != nil {
		return false, err
	}
	v.spaces()
	result := truthy(left)
	if strings.HasPrefix(v.src[v.pos:], "==") {
		v.pos += 2
		v.spaces()
		right, err := v.argument()
		if err != nil {
			return false, err
		}
		result = text(left) == text(right)
	}
	v.spaces()
	if v.pos >= len(v.src) || v.src[v.pos] != ')' {
		return false, fmt.Errorf("#if condition not closed at %d", v.pos)
	}
	v.pos++
	return result, nil
}

func (v *vtl) foreachDirective() (string, error) {
	v.pos += len("#foreach(")
	v.spaces()
	if v.src[v.pos] != '$' {
		return "", fmt.Errorf("#foreach needs a $variable at %d", v.pos)
	}
	v.pos++
	start := v.pos
	for v.pos < len(v.src) && isIdent(v.src[v.pos]) {
		v.pos++
	}
	name := v.src[start:v.pos]
	v.spaces()
	if !strings.HasPrefix(v.src[v.pos:], "in ") {
		return "", fmt.Errorf("#foreach needs 'in' at %d", v.pos)
	}
	v.pos += 3
	v.spaces()
	list, err := v.reference()
	if err != nil {
		return "", err
	}
	v.spaces()
	v.pos++ // ')'
	bodyStart := v.pos
	items, _ := list.([]any)
	var b strings.Builder
	if len(items) == 0 {
		// Render once into nothing, to find the matching #end.
		v.vars["foreach"] = loopState{}
		v.vars[name] = nil
		_, stop, err := v.block()
		if err != nil {
			return "", fmt.Errorf("#foreach without #end: %w", err)
		}
		if stop != "end" {
			return "", errors.New("#foreach without #end")
		}
	}
	for i, item := range items {
		v.pos = bodyStart
		v.vars[name] = item
		v.vars["foreach"] = loopState{index: i, hasNext: i < len(items)-1}
		s, stop, err := v.block()
		if err != nil {
			return "", err
		}
		if stop != "end" {
			return "", fmt.Errorf("#foreach without #end")
		}
		b.WriteString(s)
	}
	v.consume("#end")
	return b.String(), nil
}

func (v *vtl) spaces() {
	for v.pos < len(v.src) && (v.src[v.pos] == ' ' || v.src[v.pos] == '\t') {
		v.pos++
	}
}

// reference evaluates $name(.member(args))*.
func (v *vtl) reference() (any, error) {
	if v.src[v.pos] != '$' {
		return nil, fmt.Errorf("expected a reference at %d", v.pos)
	}
	v.pos++
	name := v.ident()
	var cur any
	var receiver string
	switch name {
	case "input", "util":
		receiver = name
	default:
		val, ok := v.vars[name]
		if !ok {
			return nil, fmt.Errorf("unknown variable $%s", name)
		}
		cur = val
	}
	for v.pos+1 < len(v.src) && v.src[v.pos] == '.' && isIdentStart(v.src[v.pos+1]) {
		v.pos++
		member := v.ident()
		var args []any
		if v.pos < len(v.src) && v.src[v.pos] == '(' {
			v.pos++
			for {
				v.spaces()
				if v.src[v.pos] == ')' {
					v.pos++
					break
				}
				arg, err := v.argument()
				if err != nil {
					return nil, err
				}
				args = append(args, arg)
				v.spaces()
				if v.src[v.pos] == ',' {
					v.pos++
				}
			}
		}
		var err error
		cur, err = v.call(receiver, cur, member, args)
		if err != nil {
			return nil, err
		}
		receiver = ""
	}
	return cur, nil
}

func (v *vtl) ident() string {
	start := v.pos
	for v.pos < len(v.src) && isIdent(v.src[v.pos]) {
		v.pos++
	}
	return v.src[start:v.pos]
}

func (v *vtl) argument() (any, error) {
	switch c := v.src[v.pos]; c {
	case '\'':
		end := strings.IndexByte(v.src[v.pos+1:], '\'')
		s := v.src[v.pos+1 : v.pos+1+end]
		v.pos += end + 2
		return s, nil
	case '"':
		end := strings.IndexByte(v.src[v.pos+1:], '"')
		raw := v.src[v.pos+1 : v.pos+1+end]
		v.pos += end + 2
		// Double-quoted strings interpolate references.
		inner := &vtl{src: raw, req: v.req, body: v.body, vars: v.vars}
		s, _, err := inner.block()
		return s, err
	case '$':
		return v.reference()
	}
	return nil, fmt.Errorf("unexpected argument at %d: %q", v.pos, v.src[v.pos:min(len(v.src), v.pos+20)])
}

func (v *vtl) call(receiver string, cur any, member string, args []any) (any, error) {
	arg := func(i int) string {
		if i < len(args) {
			return text(args[i])
		}
		return ""
	}
	switch {
	case receiver == "input" && member == "params":
		return v.req.Params[arg(0)], nil
	case receiver == "input" && member == "path":
		val, ok := jsonPath(v.body, arg(0))
		if !ok {
			return "", nil
		}
		return val, nil
	case receiver == "input" && member == "json":
		val, ok := jsonPath(v.body, arg(0))
		if !ok {
			return "null", nil
		}
		b, err := json.Marshal(val)
		return string(b), err
	case receiver == "util" && member == "base64Encode":
		return base64.StdEncoding.EncodeToString([]byte(arg(0))), nil
	case receiver == "util" && member == "escapeJavaScript":
		return strings.NewReplacer(`\`, `\\`, `"`, `\"`, `'`, `\'`, "\n", `\n`, "\t", `\t`, "/", `\/`).Replace(arg(0)), nil
	case receiver == "" && member == "replaceAll":
		re, err := regexp.Compile(arg(0))
		if err != nil {
			return nil, err
		}
		return re.ReplaceAllLiteralString(text(cur), arg(1)), nil
	case receiver == "" && args == nil && isMap(cur):
		// Velocity reads $map.key as $map.get("key").
		return cur.(map[string]any)[member], nil
	case receiver == "" && member == "get":
		m, _ := cur.(map[string]any)
		return m[arg(0)], nil
	case receiver == "" && member == "index":
		return cur.(loopState).index, nil
	case receiver == "" && member == "hasNext":
		return cur.(loopState).hasNext, nil
	}
	return nil, fmt.Errorf("unsupported call %s.%s", receiver, member)
}

// jsonPath supports $, $.a.b, $.a[3].b and $['a-b'].
func jsonPath(root any, path string) (any, bool) {
	if !strings.HasPrefix(path, "$") {
		return nil, false
	}
	cur := root
	rest := path[1:]
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[rest[:end]]; !ok {
				return nil, false
			}
			rest = rest[end:]
		case strings.HasPrefix(rest, "['"):
			end := strings.Index(rest, "']")
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[rest[2:end]]; !ok {
				return nil, false
			}
			rest = rest[end+2:]
		case strings.HasPrefix(rest, "["):
			end := strings.IndexByte(rest, ']')
			i, err := strconv.Atoi(rest[1:end])
			arr, ok := cur.([]any)
			if err != nil || !ok || i < 0 || i >= len(arr) {
				return nil, false
			}
			cur, rest = arr[i], rest[end+1:]
		default:
			return nil, false
		}
	}
	return cur, true
}

// text renders a value the way Velocity does: maps in Java's {k=v} form, which is exactly
// the course's PutRecords bug.
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + text(t[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = text(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func truthy(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case nil:
		return false
	case string:
		return t != ""
	}
	return true
}

func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
