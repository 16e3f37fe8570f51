#!/usr/bin/env python3
"""Writes the stdcheck(1) man page from the command's own help.

Usage: make-manpage.py PATH/TO/stdcheck > stdcheck.1

The help comes from `stdcheck --experimental-dump-help` (swift-argument-parser's description of every command,
argument and option), so the page says what `--help` says. swift-argument-parser's generate-manual plugin does the
same but needs `swift package` and a build of its own tool; this script needs only the built binary and python3.
One page covers the command and every subcommand.
"""

import json
import subprocess
import sys


def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or quote that would start a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # Outside ASCII as groff's Unicode escapes, so the page renders without a preprocessor.
    text = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def paragraphs(text):
    """Help text as roff paragraphs (blank lines separate them)."""
    out = []
    for block in text.strip().split("\n\n"):
        out.append(".PP")
        out.append(roff(block.strip()))
    return out


def synopsis(path, command):
    words = [f"\\fB{' '.join(path)}\\fR"]
    for argument in shown_arguments(command, len(path) == 1):
        words.append(usage(argument))
    if command.get("subcommands"):
        words.append("\\fIsubcommand\\fR")
    return " ".join(words)


def name_of(argument):
    names = argument.get("names") or []
    preferred = argument.get("preferredName") or (names[0] if names else None)
    if not preferred:
        return None
    return ("--" if preferred["kind"] == "long" else "-") + preferred["name"]


def usage(argument):
    value = argument.get("valueName", "value")
    if argument["kind"] == "positional":
        text = f"\\fI{value}\\fR" + ("..." if argument.get("isRepeating") else "")
    elif argument["kind"] == "flag":
        text = f"\\fB{roff(name_of(argument))}\\fR"
    else:
        text = f"\\fB{roff(name_of(argument))}\\fR \\fI{value}\\fR" + ("..." if argument.get("isRepeating") else "")
    return f"[{text}]" if argument.get("isOptional") else text


def argument_item(argument):
    lines = []
    names = argument.get("names") or []
    if argument["kind"] == "positional":
        label = f"\\fI{argument.get('valueName', 'value')}\\fR"
    else:
        spelled = ", ".join(roff(("--" if n["kind"] == "long" else "-") + n["name"]) for n in names)
        label = f"\\fB{spelled}\\fR"
        if argument["kind"] == "option":
            label += f" \\fI{argument.get('valueName', 'value')}\\fR"
    lines.append(".TP")
    lines.append(label)
    text = argument.get("abstract", "")
    if argument.get("allValueStrings") and argument["kind"] != "flag":
        text += f" (values: {', '.join(argument['allValueStrings'])})"
    if argument.get("defaultValue") not in (None, ""):
        text += f" (default: {argument['defaultValue']})"
    lines.append(roff(text.strip()))
    if argument.get("discussion"):
        discussion = argument["discussion"]
        if isinstance(discussion, dict):  # enumerated values with their descriptions
            discussion = "\n".join(f"{k}: {v}" for k, v in sorted(discussion.get("enumerated", {}).items()))
        lines.append(".IP")
        lines.append(roff(str(discussion)))
    return lines


def shown_arguments(command, top):
    """The arguments help shows; --help and --version only for the command itself."""
    return [
        a for a in command.get("arguments", [])
        if a.get("shouldDisplay", True) and (top or name_of(a) not in ("--help", "--version"))
    ]


def command_section(path, command, heading):
    out = [f"{heading} {roff(' '.join(path))}" if len(path) > 1 else heading]
    if len(path) > 1:
        out.append(".PP")
        out.append(synopsis(path, command))
    if command.get("abstract") and len(path) > 1:
        out += paragraphs(command["abstract"])
    if command.get("discussion"):
        out += paragraphs(command["discussion"])
    shown = shown_arguments(command, len(path) == 1)
    if shown:
        out.append(".PP")
        out.append("Arguments and options:")
        for argument in shown:
            out += argument_item(argument)
    if len(path) > 1:
        for sub in command.get("subcommands", []):
            if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
                out += command_section(path + [sub["commandName"]], sub, ".SS")
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-manpage.py PATH/TO/stdcheck")
    binary = sys.argv[1]
    info = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True).stdout)
    command = info["command"]
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    name = command["commandName"]
    out = [
        f'.TH {name.upper()} 1 "" "{name} {version}" "User Commands"',
        ".SH NAME",
        f"{name} \\- {roff(command.get('abstract', ''))}",
        ".SH SYNOPSIS",
        synopsis([name], command),
    ]
    subs = [s for s in command.get("subcommands", []) if s.get("shouldDisplay", True) and s["commandName"] != "help"]
    for sub in subs:
        out.append(".br")
        out.append(synopsis([name, sub["commandName"]], sub))
    out.append(".SH DESCRIPTION")
    out += command_section([name], command, "")[1:]
    out.append(".SH COMMANDS")
    for sub in subs:
        out += command_section([name, sub["commandName"]], sub, ".SS")
    out += [
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBSTDCHECK_RULES\\fR",
        roff(
            "Colon-separated folders of rule packs, searched after every --rules-dir and before the rules "
            "installed beside the executable."
        ),
        ".SH FILES",
        ".TP",
        "\\fI<prefix>/share/stdcheck/rules\\fR",
        roff("The rule packs installed with stdcheck, found from the executable's real path."),
        ".SH EXIT STATUS",
        roff("0 conformant, 1 findings at or above --fail-on, 2 the check could not run (usage, rule packs, input)."),
        "",
    ]
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
