#!/usr/bin/env python3
"""Inclusive CPU by stage of a request, from `perf script` output (call stacks, leaf first) on standard input.

A sample counts for a stage when any frame of its stack matches the stage's pattern, so stages overlap (a nested
stage is part of its parent). Async continuations start new stacks, so a stage's share is a floor, not exact.
"""
import re
import sys

STAGES = [
    ("OpenIddict's server pipeline", r"OpenIddictServerDispatcher"),
    ("  client authentication", r"ValidateClient|ValidateClientSecret|ValidateAuthentication"),
    ("  application lookup (FindByClientIdAsync)", r"FindByClientIdAsync"),
    ("  sign-in: tokens and their rows", r"ProcessSignInContext"),
    ("    token rows (OpenIddict token manager CreateAsync)", r"OpenIddictTokenManager.*CreateAsync"),
    ("    token redemption (refresh, code)", r"RedeemTokenEntry|TryRedeemAsync"),
    ("    JWT creation", r"JsonWebTokenHandler::CreateToken"),
    ("EF Core, all", r"Microsoft\.EntityFrameworkCore"),
    ("  SaveChanges", r"SaveChanges"),
    ("    building INSERT/UPDATE commands", r"ModificationCommand|UpdateSqlGenerator|CommandBatch"),
    ("  change tracking", r"StateManager|InternalEntityEntry|DetectChanges"),
    ("  queries", r"QueryingEnumerable|QueryCompiler"),
    ("SQLite (native)", r"libe_sqlite3"),
    ("MVC", r"Microsoft\.AspNetCore\.Mvc"),
    ("hosted pages (Razor)", r"Microsoft\.AspNetCore\.Mvc\.Razor|RazorPage"),
    ("password hashing (libsodium)", r"libsodium"),
    ("dependency injection", r"ServiceProvider::GetService|ResolveService|CallSiteRuntimeResolver"),
    ("libcrypto (signing, hashing)", r"libcrypto"),
    ("JIT", r"libclrjit"),
    ("kernel", r"kallsyms"),
]


def main() -> None:
    patterns = [(name, re.compile(pattern)) for name, pattern in STAGES]
    hits = dict.fromkeys((name for name, _ in STAGES), 0)
    samples = 0
    stack: list[str] = []

    def count() -> None:
        nonlocal samples
        if not stack:
            return
        samples += 1
        text = "\n".join(stack)
        for name, pattern in patterns:
            if pattern.search(text):
                hits[name] += 1

    for line in sys.stdin:
        if not line.strip():
            count()
            stack.clear()
        elif line[0] in " \t":
            stack.append(line.strip())
    count()
    if samples == 0:
        print("no samples")
        return
    for name, _ in STAGES:
        print(f"{100 * hits[name] / samples:6.1f} %  {name}")


if __name__ == "__main__":
    main()
