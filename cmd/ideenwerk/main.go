// Command ideenwerk is the innovation platform of a city administration: one binary that
// serves the JSON API and the SPA, with an embedded store by default.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ideenwerk/ideenwerk/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ideenwerk:", err)
		os.Exit(1)
	}
}
