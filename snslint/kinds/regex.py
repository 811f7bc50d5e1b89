"""``regex``: a regular expression over the normalised text (NFKC, lower case).

For what tokens do not capture: phone numbers, e-mail addresses, card numbers.

    match:
      kind: regex
      pattern: '(?<![0-9])0[789]0-?[0-9]{4}-?[0-9]{4}(?![0-9])'
      validate: luhn        # optional: luhn (card numbers) or mynumber (check digit)
      group: 1              # optional: report only this group
"""

from __future__ import annotations

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler
from snslint.errors import SpecError

FIELDS = {"pattern", "validate", "group"}


def luhn(digits: str) -> bool:
    nums = [int(c) for c in digits if c.isdigit()]
    if not 12 <= len(nums) <= 19:
        return False
    total = 0
    for k, d in enumerate(reversed(nums)):
        if k % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mynumber(digits: str) -> bool:
    """The check digit of a 12-digit Individual Number (マイナンバー)."""
    nums = [int(c) for c in digits if c.isdigit()]
    if len(nums) != 12:
        return False
    body, check = nums[:11], nums[11]
    total = 0
    for n in range(1, 12):
        p = body[11 - n]
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    remainder = total % 11
    expected = 0 if remainder <= 1 else 11 - remainder
    return check == expected


VALIDATORS = {"luhn": luhn, "mynumber": mynumber}


class Matcher:
    def __init__(self, pattern, validate, group) -> None:
        self.pattern = pattern
        self.validate = validate
        self.group = group
        self.requires = pattern.clauses[0] if pattern.clauses else None

    def find(self, doc: Doc) -> list[Candidate]:
        out = []
        if not doc.may_match(self.pattern):
            return out
        for m in self.pattern.compiled.finditer(doc.text):
            start, end = m.span(self.group)
            if end <= start or start < 0:
                continue
            if self.validate and not self.validate(m.group(self.group)):
                continue
            out.append(Candidate(start, end, doc.token_at(start), doc.token_at(end - 1) + 1))
        return out


def compile(spec: dict, elements: ElementCompiler, where: str) -> Matcher:
    pattern = elements.regex(spec.get("pattern"), f"{where}.pattern")
    validate = spec.get("validate")
    if validate is not None and validate not in VALIDATORS:
        raise SpecError(f"{where}.validate", f"は {', '.join(VALIDATORS)} のいずれかです")
    group = spec.get("group", 0)
    if isinstance(group, bool) or not isinstance(group, int | str):
        raise SpecError(f"{where}.group", "はグループ番号か名前で書いてください")
    if isinstance(group, int) and not 0 <= group <= pattern.groups:
        raise SpecError(f"{where}.group", f"は0から{pattern.groups}までです")
    if isinstance(group, str) and group not in pattern.groupindex:
        raise SpecError(f"{where}.group", f"のグループ {group} がパターンにありません")
    return Matcher(pattern, VALIDATORS.get(validate), group)
