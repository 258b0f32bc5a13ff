package emulate

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeAPI answers like the deployed API Gateway stage: /<stage>/topics/<topic> like the
// Confluent REST proxy and /<stage>/streams/<stream>/record like the Kinesis PutRecord
// integration. Scripted answers let a test throttle or fail chosen routes.
type fakeAPI struct {
	stage, apiKey string

	mu sync.Mutex
	// script maps "METHOD /path" to the answers given before the route starts succeeding;
	// an answer with times < 0 is given forever.
	script map[string][]*scriptedAnswer
	// hits counts every attempt per route; accepted counts records stored per route and ind.
	hits     map[string]int
	accepted map[string]int
	requests []seenRequest
	offset   int
}

type scriptedAnswer struct {
	status int
	body   string
	header map[string]string
	times  int
}

type seenRequest struct {
	Method, Path, ContentType, APIKey string
	Body                              []byte
}

func newFakeAPI(t testing.TB, stage, apiKey string) (*fakeAPI, *httptest.Server) {
	t.Helper()
	f := &fakeAPI{stage: stage, apiKey: apiKey, script: map[string][]*scriptedAnswer{},
		hits: map[string]int{}, accepted: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// answer makes route (e.g. "PUT /dev/streams/streaming-u-geo/record") give status and body
// times times (forever when times < 0) before succeeding.
func (f *fakeAPI) answer(route string, times, status int, body string, header map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[route] = append(f.script[route], &scriptedAnswer{status: status, body: body, header: header, times: times})
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	route := r.Method + " " + r.URL.Path
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[route]++
	f.requests = append(f.requests, seenRequest{Method: r.Method, Path: r.URL.Path,
		ContentType: r.Header.Get("Content-Type"), APIKey: r.Header.Get(APIKeyHeader), Body: body})

	if f.apiKey != "" && r.Header.Get(APIKeyHeader) != f.apiKey {
		writeJSON(w, http.StatusForbidden, `{"message":"Forbidden"}`, nil)
		return
	}
	for _, a := range f.script[route] {
		if a.times != 0 {
			if a.times > 0 {
				a.times--
			}
			writeJSON(w, a.status, a.body, a.header)
			return
		}
	}

	prefix := "/" + f.stage
	switch {
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, prefix+"/topics/"):
		if r.Header.Get("Content-Type") != KafkaJSONContentType {
			writeJSON(w, http.StatusUnsupportedMediaType, `{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}`, nil)
			return
		}
		var env struct {
			Records []struct {
				Value map[string]any `json:"value"`
			} `json:"records"`
		}
		if json.Unmarshal(body, &env) != nil || len(env.Records) != 1 {
			writeJSON(w, http.StatusUnprocessableEntity, `{"error_code":42201,"message":"Unknown field"}`, nil)
			return
		}
		ind := env.Records[0].Value["index"]
		if ind == nil {
			ind = env.Records[0].Value["ind"]
		}
		f.accepted[fmt.Sprintf("%s %v", route, ind)]++
		f.offset++
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"offsets":[{"partition":0,"offset":%d,"error_code":null,"error":null}],"key_schema_id":null,"value_schema_id":null}`, f.offset-1), nil)
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, prefix+"/streams/") && strings.HasSuffix(r.URL.Path, "/record"):
		var put struct {
			StreamName   string
			Data         map[string]any
			PartitionKey string
		}
		if r.Header.Get("Content-Type") != JSONContentType || json.Unmarshal(body, &put) != nil || put.Data == nil || put.PartitionKey == "" {
			writeJSON(w, http.StatusBadRequest, `{"message": "Invalid request body"}`, nil)
			return
		}
		f.accepted[route+" "+put.PartitionKey]++
		f.offset++
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"SequenceNumber":"4961%020d","ShardId":"shardId-000000000000"}`, f.offset), nil)
	default:
		writeJSON(w, http.StatusForbidden, `{"message":"Missing Authentication Token"}`, nil)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string, header map[string]string) {
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (f *fakeAPI) hitsOf(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[route]
}

// acceptedTotal is how many records the fake stored, and duplicates how many (route, ind)
// pairs it stored more than once.
func (f *fakeAPI) acceptedTotal() (total, duplicates int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.accepted {
		total += n
		if n > 1 {
			duplicates++
		}
	}
	return total, duplicates
}

func (f *fakeAPI) seen() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.requests...)
}
