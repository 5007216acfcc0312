package web

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders the Markdown of points and comments. goldmark's defaults are what makes it
// safe: raw HTML is dropped (html.WithUnsafe is never set) and links or images with
// javascript:, vbscript:, file: or data: URLs (other than images) lose their URL.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Table))

// renderMarkdown returns src rendered as HTML. On the (unexpected) failure of the renderer it
// falls back to the escaped source, never to unescaped text.
func renderMarkdown(src string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}
