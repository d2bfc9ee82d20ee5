"""Search tokens: the character bigrams of every word of a product's search text (as pg_bigm indexes text).

Chinese words are often two characters (耳机, 冰箱), which a trigram index cannot serve; a bigram can. A keyword
word then selects the products holding all of its bigrams through an index, and a substring match on the search
text confirms each candidate (two bigrams present do not make the word present). One-character Chinese words
(鞋, 包) are served by single-character tokens; a one-letter Latin word is not worth a token and is matched by the
substring test alone."""

from __future__ import annotations


def is_cjk(char: str) -> bool:
    """Chinese, Japanese and Korean characters: each one carries meaning, unlike a Latin letter."""
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uac00" <= char <= "\ud7af"


def word_tokens(word: str) -> set[str]:
    """The tokens a product stores for one whitespace-free, lower-cased word."""
    if len(word) == 1:
        return {word} if is_cjk(word) else set()
    tokens = {word[i : i + 2] for i in range(len(word) - 1)}
    tokens.update(char for char in word if is_cjk(char))
    return tokens


def of_text(text: str) -> str:
    """The stored form: distinct tokens of every word, sorted, space-separated (PostgreSQL splits it again)."""
    tokens: set[str] = set()
    for word in text.lower().split():
        tokens |= word_tokens(word)
    return " ".join(sorted(tokens))


def of_keyword(word: str) -> list[str]:
    """Tokens a product must hold to contain this keyword word; empty when no token can serve it (a single Latin
    letter), and the substring test alone decides. Not every bigram: bigrams that cover the word side by side
    (every other one, and the last), as the substring test confirms each candidate anyway. Each token is one more
    index list to read: "li-ning" reads 4 lists, not 6 (measured a third less index work for a brand)."""
    word = word.lower()
    if len(word) == 1:
        return [word] if is_cjk(word) else []
    starts = {*range(0, len(word) - 1, 2), len(word) - 2}
    return sorted({word[i : i + 2] for i in starts})
