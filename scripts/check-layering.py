#!/usr/bin/env python3
"""Checks the shape of the sources: no cycle between RuleEngine's folders, no file over 400 lines.

Folder graph: every top-level folder of Sources/RuleEngine/ is a node. A folder declares the types
(struct, enum, class, actor, protocol, typealias) written at the top level of its files; a folder
depends on another when its code names a type the other declares (comments and string literals
are ignored; `extension X` counts as a use of X). The script prints the graph as a Mermaid diagram
and fails (exit 1) when the graph has a cycle, printing the cycle and the type references along it.

Line limit: every .swift file under Sources/ must have at most 400 lines (`--max-lines`).

The allow-list (scripts/layering-allow.txt by default; `#` starts a comment) tolerates a known,
scheduled cut: a line `From -> To` leaves that edge out of the cycle search, a line naming a file
(`Sources/.../X.swift`) lets it exceed the line limit. The file is empty when the sources are clean.
An allowed edge that no longer exists, or an allowed file that now fits, fails the check, so the
list only shrinks.

Usage: scripts/check-layering.py [--root DIR] [--allow FILE] [--max-lines N] [--ascii]
"""

import argparse
import os
import re
import sys

DECLARATION = re.compile(
    r"^(?:(?:public|internal|package|fileprivate|private|final|indirect|@[A-Za-z]+(?:\([^)]*\))?)\s+)*"
    r"(?:struct|enum|class|actor|protocol|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)"
)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def strip_comments_and_strings(text):
    """The text with comments and string literals blanked out (line breaks kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    if text[i] == "\n":
                        out.append("\n")
                    i += 1
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = 0
            while text[i] == "#":
                hashes, i = hashes + 1, i + 1
            multi = text.startswith('"""', i)
            quote = '"""' if multi else '"'
            end = quote + "#" * hashes
            i += len(quote)
            while i < n and not text.startswith(end, i):
                if text[i] == "\\" and hashes == 0:
                    # an interpolation keeps its code: type names may appear in it
                    if i + 1 < n and text[i + 1] == "(":
                        depth, j = 1, i + 2
                        while j < n and depth:
                            depth += {"(": 1, ")": -1}.get(text[j], 0)
                            j += 1
                        out.append(" " + text[i + 2 : j - 1] + " ")
                        i = j
                        continue
                    i += 2
                    continue
                if text[i] == "\n":
                    out.append("\n")
                i += 1
            i += len(end)
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def swift_files(directory):
    for base, _, names in sorted(os.walk(directory)):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(base, name)


def folder_graph(engine):
    folders = sorted(
        name for name in os.listdir(engine) if os.path.isdir(os.path.join(engine, name))
    )
    code = {}
    owner = {}
    ambiguous = set()
    for folder in folders:
        for path in swift_files(os.path.join(engine, folder)):
            with open(path, encoding="utf-8") as f:
                text = strip_comments_and_strings(f.read())
            code[path] = (folder, text)
            for line in text.splitlines():
                match = DECLARATION.match(line)
                if match:
                    name = match.group(1)
                    if owner.get(name, folder) != folder:
                        ambiguous.add(name)
                    owner.setdefault(name, folder)
    for name in ambiguous:
        del owner[name]
    edges = {}
    for path, (folder, text) in sorted(code.items()):
        for name in set(IDENTIFIER.findall(text)):
            target = owner.get(name)
            if target and target != folder:
                edges.setdefault((folder, target), set()).add(
                    f"{os.path.relpath(path, engine)} → {name}"
                )
    return folders, edges


def find_cycle(folders, edges):
    """One cycle as a list of folders (first repeated at the end), or None."""
    graph = {folder: sorted({b for (a, b) in edges if a == folder}) for folder in folders}
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for folder in folders:
        if folder not in state:
            found = visit(folder)
            if found:
                return found
    return None


def read_allow(path):
    """The allowed edges (pairs of folders) and the files allowed over the line limit."""
    edges, files = set(), set()
    if not os.path.exists(path):
        return edges, files
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.endswith(".swift") and "->" not in line:
                files.add(line)
                continue
            parts = [p.strip() for p in line.split("->")]
            if len(parts) != 2 or not all(parts):
                sys.exit(f"{path}:{number}: expected 'From -> To' or a Swift file, got {line!r}")
            edges.add(tuple(parts))
    return edges, files


def layers_of(folders, edges):
    """Folders by depth: a folder's depth is one more than the deepest folder it depends on."""
    depth = {}

    def of(folder, seen=()):
        if folder in depth:
            return depth[folder]
        if folder in seen:
            return 0
        targets = [b for (a, b) in edges if a == folder]
        depth[folder] = 1 + max((of(t, seen + (folder,)) for t in targets), default=-1)
        return depth[folder]

    for folder in folders:
        of(folder)
    levels = {}
    for folder in folders:
        levels.setdefault(depth[folder], []).append(folder)
    return [sorted(levels[d]) for d in sorted(levels)]


def print_diagram(folders, edges, allowed, ascii_art):
    if ascii_art:
        print("RuleEngine folders, lowest first (a folder uses only folders on lines above it):")
        for number, level in enumerate(layers_of(folders, {e for e in edges if e not in allowed})):
            for folder in level:
                uses = sorted(b for (a, b) in edges if a == folder)
                marks = [f"{b} (allowed)" if (folder, b) in allowed else b for b in uses]
                print(f"  {number}  {folder:<14} → {', '.join(marks) if marks else '—'}")
        return
    print("```mermaid")
    print("graph BT")
    for (a, b) in sorted(edges):
        arrow = "-.->" if (a, b) in allowed else "-->"
        print(f"    {a} {arrow} {b}")
    print("```")


def long_files(sources, max_lines):
    found = []
    for path in swift_files(sources):
        with open(path, encoding="utf-8") as f:
            count = sum(1 for _ in f)
        if count > max_lines:
            found.append((path, count))
    return found


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(here), help="the package root")
    parser.add_argument("--allow", help="allowed edges (default scripts/layering-allow.txt)")
    parser.add_argument("--max-lines", type=int, default=400)
    parser.add_argument("--ascii", action="store_true", help="an ASCII table instead of Mermaid")
    args = parser.parse_args()

    engine = os.path.join(args.root, "Sources", "RuleEngine")
    allow_path = args.allow or os.path.join(args.root, "scripts", "layering-allow.txt")
    folders, edges = folder_graph(engine)
    allowed, long_allowed = read_allow(allow_path)
    print_diagram(folders, edges, allowed, args.ascii)

    failed = False
    for edge in sorted(allowed - set(edges)):
        print(f"{allow_path}: allowed edge {edge[0]} -> {edge[1]} no longer exists: remove it")
        failed = True
    cycle = find_cycle(folders, {e: r for e, r in edges.items() if e not in allowed})
    if cycle:
        failed = True
        print("cycle between RuleEngine folders: " + " -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            print(f"  {a} -> {b}:")
            for reference in sorted(edges[(a, b)]):
                print(f"    {reference}")
    too_long = {os.path.relpath(path, args.root): count for path, count in long_files(
        os.path.join(args.root, "Sources"), args.max_lines)}
    for path in sorted(long_allowed - set(too_long)):
        print(f"{allow_path}: allowed file {path} is no longer over {args.max_lines} lines: remove it")
        failed = True
    for path, count in sorted(too_long.items()):
        if path in long_allowed:
            print(f"{path}: {count} lines (allowed for now)")
        else:
            print(f"{path}: {count} lines, more than {args.max_lines}")
            failed = True
    if failed:
        return 1
    print(f"no cycle between {len(folders)} folders; no Swift file over {args.max_lines} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
