// Exposes window.composer, built from the API table, and nothing else (the shell issue fills it in).
export {}
