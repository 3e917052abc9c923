"""The fenced blocks of a Markdown text, for the doc tests that run them."""


def blocks(text):
    """(line number of the block's first line, fence info, lines) of each
    fenced block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield i + 2, lines[i][3:].strip(), lines[i + 1 : j]
            i = j + 1
        else:
            i += 1
