// Package ui embeds the built single-page application (ui/dist) into the binary.
//
// `go build` works without npm: ui/dist holds a committed .gitkeep, and the server
// answers with a short notice page when index.html has not been built yet.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA as a file system rooted at ui/dist.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub only fails on an invalid path, and "dist" is a constant.
		panic(err)
	}
	return sub
}
