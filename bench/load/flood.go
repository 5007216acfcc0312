package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"parley"
	"parley/httpapi"
)

// flood is the phase of issue 15: the observer floods the server (event streams held
// open, drafts of 500 points up to its quotas, version lists and diffs of its largest
// versions from many connections at once) while the other members read; it prints the other
// members' latencies before and during the flood.
func (b *bench) flood(c config, ws, base string) {
	others := func() *result {
		return closedLoop(4, c.duration, func(i int) error {
			m := []string{"russia", "ukraine", "united_states", "russia"}[i]
			if i%2 == 0 {
				return b.read(m)
			}
			req, _ := http.NewRequest("GET", base+"/versions", nil)
			req.Header.Set("Authorization", "Bearer "+b.tokens[m])
			return b.send(req, 200)
		})
	}
	before := others()
	fmt.Printf("flood: the other members alone (4 closed-loop clients: the 22-point version and the version list)\n")
	before.report("others alone")

	tok := b.tokens["europe"]
	call := func(method, path string, body any) (int, []byte) {
		var rd *bytes.Reader
		if body != nil {
			bb, _ := json.Marshal(body)
			rd = bytes.NewReader(bb)
		}
		var req *http.Request
		if rd != nil {
			req, _ = http.NewRequest(method, base+path, rd)
			req.Header.Set("Content-Type", "application/json")
		} else {
			req, _ = http.NewRequest(method, base+path, nil)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := b.hc.Do(req)
		if err != nil {
			return 0, nil
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp.StatusCode, out.Bytes()
	}
	text := strings.Repeat("The parties undertake to respect the line of contact. ", 18) // ~1 KB
	points := make([]parley.PointInput, 500)
	for i := range points {
		t := fmt.Sprint(i, " ", text)
		points[i] = parley.PointInput{Text: &t}
	}
	// Versions up to the quotas: drafts of 500 points, published two by two as rivals.
	var ids []string
	made := 0
	for i := 0; i < 200; i++ {
		st, body := call("POST", "/versions", parley.DraftCreate{Title: fmt.Sprint("bloat ", i), Points: points})
		if st != 201 {
			break
		}
		var v parley.Version
		json.Unmarshal(body, &v)
		made++
		if st, _ := call("POST", "/versions/"+v.ID+"/publish", httpapi.Publish{Rev: v.Rev}); st == 200 {
			ids = append(ids, v.ID)
		}
	}
	fmt.Printf("flood: europe made %d versions of 500 points before the quota refused one\n", made)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var ok, limited, streams atomic.Int64
	// Event streams, held open.
	var held []*http.Response
	var hmu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 200 {
			req, _ := http.NewRequest("GET", base+"/events", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := b.hc.Do(req)
			if err != nil {
				continue
			}
			if resp.StatusCode == 200 {
				streams.Add(1)
				hmu.Lock()
				held = append(held, resp)
				hmu.Unlock()
			} else {
				resp.Body.Close()
			}
		}
	}()
	// Lists and diffs of its largest versions from 32 connections.
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := "/versions"
				if os.Getenv("FLOOD_NODIFF") == "" && g%2 == 1 && len(ids) >= 2 {
					path = "/diff?from=" + ids[(g+i)%len(ids)] + "&to=" + ids[(g+i+1)%len(ids)]
				}
				switch st, _ := call("GET", path, nil); st {
				case 200:
					ok.Add(1)
				case http.StatusTooManyRequests:
					limited.Add(1)
				}
			}
		}()
	}
	during := others()
	close(stop)
	wg.Wait()
	for _, r := range held {
		r.Body.Close()
	}
	fmt.Printf("flood: europe held %d of 200 event streams; its 32 connections got %d answers and %d refusals (429)\n",
		streams.Load(), ok.Load(), limited.Load())
	during.report("others, flood")
	fmt.Printf("flood: the others' p99 went from %.2f ms to %.2f ms (x%.1f)\n", ms(before.quantile(0.99)), ms(during.quantile(0.99)),
		float64(during.quantile(0.99))/float64(max(before.quantile(0.99), 1)))
}
