package main

import (
	"bufio"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
)

// verifyhostname reads "base64(DER) TAB host" lines and prints, per line, what Go's
// x509.Certificate.VerifyHostname says ("ok" or the error text): the oracle for san-mismatch.
func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		parts := strings.SplitN(in.Text(), "\t", 2)
		der, _ := base64.StdEncoding.DecodeString(parts[0])
		c, err := x509.ParseCertificate(der)
		if err != nil {
			fmt.Println("parse:", err)
			continue
		}
		if err := c.VerifyHostname(parts[1]); err != nil {
			fmt.Println(err)
		} else {
			fmt.Println("ok")
		}
	}
}
