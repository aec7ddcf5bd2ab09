"""The POSIX shell grammar the container shell understands: a small, honest subset.

Models the grammar of POSIX.1-2017 XCU 2.10 (Shell Grammar) for what the course needs:
simple commands with assignments and redirections (`>`, `>>`, `<`, `2>`, `2>&1`), pipelines,
`&&`/`||` lists, `;`/newline/`&` separators, `{ ...; }` and `( ... )` groups, `if`, `while`,
`until` and `for` loops. Words keep their source text (quotes, `$VAR`, `$(...)`, `$((...))`)
and are expanded only when the command runs (kubecourse.shell.machine), as a shell does.

The tree is made of dataclasses, so a running script (a container's main process waiting
in a `sleep`) pickles with the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ShellSyntaxError(Exception):
    """`syntax error: unexpected "done"`: what the shell prints, exit code 2."""


@dataclass
class Redir:
    fd: int  # 0 stdin, 1 stdout, 2 stderr
    op: str  # ">", ">>", "<", ">&"
    target: str  # a word, or the fd number for ">&"


@dataclass
class Simple:
    assigns: list[tuple[str, str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class Pipeline:
    commands: list  # Simple or compound nodes
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]] = field(default_factory=list)  # ("&&" | "||", pipeline)


@dataclass
class Seq:
    items: list  # AndOr


@dataclass
class While:
    cond: Seq
    body: Seq
    until: bool = False
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class For:
    var: str
    words: list[str] | None  # None: "$@"
    body: Seq
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class If:
    branches: list[tuple[Seq, Seq]]
    otherwise: Seq | None = None
    redirs: list[Redir] = field(default_factory=list)


@dataclass
class Group:
    body: Seq
    subshell: bool = False
    redirs: list[Redir] = field(default_factory=list)


OPERATORS = ("&&", "||", ";;", ">>", "2>&1", ">&2", "1>&2", "2>>", "2>", "1>", "|", ";", "&", "(", ")", ">", "<", "\n")
RESERVED = {"if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "{", "}", "!"}


def tokenize(text: str) -> list[tuple[str, str]]:
    """("op", text) and ("word", source text) tokens; comments dropped, quotes kept."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c == "\\" and text[i + 1:i + 2] == "\n":
            i += 2
            continue
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        op = next((o for o in OPERATORS if text.startswith(o, i)), None)
        if op is not None and not (op[0].isdigit() and i > 0 and text[i - 1] not in " \t\n;|&"):
            tokens.append(("op", op))
            i += len(op)
            continue
        start = i
        i = _word_end(text, i)
        tokens.append(("word", text[start:i]))
    return tokens


def _word_end(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\n;|&()<>":
            return i
        if c == "\\":
            i += 2
        elif c == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("unterminated quoted string")
            i = end + 1
        elif c == '"':
            i = _double_quote_end(text, i + 1)
        elif c == "$" and text.startswith("$(", i):
            i = _paren_end(text, i + 2)
        elif c == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise ShellSyntaxError("unterminated quoted string")
            i = end + 1
        else:
            i += 1
    return i


def _double_quote_end(text: str, i: int) -> int:
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i + 1
        elif text.startswith("$(", i):
            i = _paren_end(text, i + 2)
        else:
            i += 1
    raise ShellSyntaxError("unterminated quoted string")


def _paren_end(text: str, i: int) -> int:
    depth = 1
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "'":
            i = text.find("'", i + 1)
            if i < 0:
                break
        elif c == '"':
            i = _double_quote_end(text, i + 1) - 1
        i += 1
    raise ShellSyntaxError("unterminated quoted string")


class Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] in words

    def at_op(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] in ops

    def expect_word(self, word: str) -> None:
        self.skip_newlines()
        if not self.at_word(word):
            raise self.unexpected()
        self.take()

    def unexpected(self) -> ShellSyntaxError:
        token = self.peek()
        if token is None:
            return ShellSyntaxError("unexpected end of file")
        shown = "newline" if token[1] == "\n" else token[1]
        return ShellSyntaxError(f'unexpected "{shown}"' if token[0] == "word" else f"unexpected {shown!r}"
                                .replace("'", '"'))

    def skip_newlines(self) -> None:
        while self.at_op("\n", ";"):
            self.take()

    def program(self) -> Seq:
        seq = self.seq(())
        if self.peek() is not None:
            raise self.unexpected()
        return seq

    def seq(self, stops: tuple[str, ...]) -> Seq:
        items = []
        while True:
            while self.at_op("\n", ";", "&"):
                self.take()
            token = self.peek()
            if token is None or (token[0] == "word" and token[1] in stops) or self.at_op(")"):
                return Seq(items)
            items.append(self.and_or())

    def and_or(self) -> AndOr:
        node = AndOr(self.pipeline())
        while self.at_op("&&", "||"):
            op = self.take()[1]
            while self.at_op("\n"):
                self.take()
            node.rest.append((op, self.pipeline()))
        return node

    def pipeline(self) -> Pipeline:
        negate = False
        if self.at_word("!"):
            self.take()
            negate = True
        commands = [self.command()]
        while self.at_op("|"):
            self.take()
            while self.at_op("\n"):
                self.take()
            commands.append(self.command())
        return Pipeline(commands, negate)

    def command(self):
        if self.at_word("while", "until"):
            until = self.take()[1] == "until"
            cond = self.seq(("do",))
            self.expect_word("do")
            body = self.seq(("done",))
            self.expect_word("done")
            return While(cond, body, until, self.redirs())
        if self.at_word("for"):
            self.take()
            var = self.take()[1]
            words = None
            while self.at_op("\n"):
                self.take()
            if self.at_word("in"):
                self.take()
                words = []
                while self.peek() is not None and self.peek()[0] == "word":
                    words.append(self.take()[1])
            self.skip_newlines()
            self.expect_word("do")
            body = self.seq(("done",))
            self.expect_word("done")
            return For(var, words, body, self.redirs())
        if self.at_word("if"):
            self.take()
            branches = []
            otherwise = None
            while True:
                cond = self.seq(("then",))
                self.expect_word("then")
                body = self.seq(("elif", "else", "fi"))
                branches.append((cond, body))
                word = self.take()[1] if self.peek() is not None else ""
                if word == "elif":
                    continue
                if word == "else":
                    otherwise = self.seq(("fi",))
                    self.expect_word("fi")
                elif word != "fi":
                    raise ShellSyntaxError("unexpected end of file (expecting \"fi\")")
                return If(branches, otherwise, self.redirs())
        if self.at_word("{"):
            self.take()
            body = self.seq(("}",))
            self.expect_word("}")
            return Group(body, False, self.redirs())
        if self.at_op("("):
            self.take()
            body = self.seq(())
            if not self.at_op(")"):
                raise self.unexpected()
            self.take()
            return Group(body, True, self.redirs())
        return self.simple()

    def redirs(self) -> list[Redir]:
        found = []
        while self.at_op(">", ">>", "<", "2>", "2>>", "1>", "2>&1", ">&2", "1>&2"):
            found.append(self.redir(self.take()[1]))
        return found

    def redir(self, op: str) -> Redir:
        if op == "2>&1":
            return Redir(2, ">&", "1")
        if op in (">&2", "1>&2"):
            return Redir(1, ">&", "2")
        if self.peek() is None or self.peek()[0] != "word":
            raise self.unexpected()
        target = self.take()[1]
        fd = 2 if op.startswith("2") else (0 if op == "<" else 1)
        return Redir(fd, ">>" if op.endswith(">>") else ("<" if op == "<" else ">"), target)

    def simple(self) -> Simple:
        node = Simple()
        while True:
            token = self.peek()
            if token is None:
                break
            kind, text = token
            if kind == "op" and text in (">", ">>", "<", "2>", "2>>", "1>", "2>&1", ">&2", "1>&2"):
                node.redirs.append(self.redir(self.take()[1]))
            elif kind == "word" and not (node.words or node.assigns) and text in RESERVED - {"{", "}", "!"}:
                raise self.unexpected()
            elif kind == "word":
                self.take()
                name, eq, value = text.partition("=")
                if not node.words and eq and name.isidentifier():
                    node.assigns.append((name, value))
                else:
                    node.words.append(text)
            else:
                break
        if not node.words and not node.assigns and not node.redirs:
            raise self.unexpected()
        return node


def parse(text: str) -> Seq:
    return Parser(text).program()
