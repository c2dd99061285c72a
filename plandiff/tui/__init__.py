"""The terminal UI (Textual): browse two aligned plans, jump between changes, correct links.

It holds no comparison logic: `app.make_app` opens a `PlandiffApp` that renders the
`Comparison` from `plandiff.pipeline.compare` and calls it again (in a worker thread)
when the user toggles strict mode or pins a link. `status` and `rows` turn the model
into what the screen shows; `widgets/` draws it. Keys and the pins sidecar: docs/tui.md.
"""
