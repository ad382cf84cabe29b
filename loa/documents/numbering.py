"""Labels of the numbering levels used in plans and reports (domain.md §8)."""

# Vietnamese alphabetical order for "điểm": no f, j, w, z, and "đ" comes right after "d".
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"))
_ROMAN_SMALL = ((9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Upper-case Roman numeral: 1 → "I", 14 → "XIV"."""
    if number < 1:
        raise ValueError(f"Roman numerals start at 1, got {number}")
    out = []
    for value, digits in _ROMAN + _ROMAN_SMALL:
        count, number = divmod(number, value)
        out.append(digits * count)
    return "".join(out)


def point_letter(number: int) -> str:
    """1 → "a", 5 → "đ", 23 → "y"; past "y" the letters double ("aa", "bb", …) rather than fail on a long list."""
    if number < 1:
        raise ValueError(f"points start at 1, got {number}")
    repeat, index = divmod(number - 1, len(POINT_LETTERS))
    return POINT_LETTERS[index] * (repeat + 1)
