// pemdecode reads one base64 input per line on stdin and prints, per line, the blocks Go's
// encoding/pem.Decode loop finds in it (type, headers, bytes) as one JSON array: the oracle for
// the differential PEM test (test/fuzz/pemDifferential.ts).
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"sort"
)

type block struct {
	Type    string      `json:"type"`
	Headers [][2]string `json:"headers"`
	Bytes   string      `json:"bytes"`
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		data, err := base64.StdEncoding.DecodeString(in.Text())
		if err != nil {
			panic(err)
		}
		blocks := []block{}
		rest := data
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			headers := [][2]string{}
			for k, v := range b.Headers {
				headers = append(headers, [2]string{b64(k), b64(v)})
			}
			sort.Slice(headers, func(i, j int) bool { return headers[i][0] < headers[j][0] })
			blocks = append(blocks, block{b64(b.Type), headers, base64.StdEncoding.EncodeToString(b.Bytes)})
		}
		enc.Encode(blocks)
	}
}
