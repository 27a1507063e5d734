"""Reading source files into text plus structure (sections, speaker turns).

`read_source(path)` is the one entry point; it dispatches on the file extension and
returns an `ImportedSource`. Nothing here touches the project store.
"""
