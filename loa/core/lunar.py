"""The Vietnamese lunar calendar (âm lịch), enough to place Tết Nguyên đán and Giỗ Tổ Hùng Vương on the solar
calendar: new moons and the sun's longitude by the standard astronomical series (Jean Meeus, "Astronomical
Algorithms"), reckoned in Vietnam's time zone (UTC+7), as the Vietnamese calendar is (Hồ Ngọc Đức's method). Month 11
is the one holding the winter solstice; a year of 13 months repeats the first month without a major solar term.
"""

import math
from datetime import date

_TIME_ZONE = 7.0  # hours east of Greenwich
_EPOCH = date(1, 1, 1).toordinal() - 1721426  # a date's ordinal minus its Julian day number


def _julian_day(day: date) -> int:
    return day.toordinal() - _EPOCH


def _from_julian_day(jd: int) -> date:
    return date.fromordinal(jd + _EPOCH)


def _new_moon(k: int) -> float:
    """The Julian day (in UT) of the k-th new moon after 1/1/1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # the sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # the moon's
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # the moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr) - 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr)) - 0.0074 * math.sin(dr * (m - mpr))
    c1 += 0.0004 * math.sin(dr * (2 * f + m)) - 0.0004 * math.sin(dr * (2 * f - m))
    c1 += -0.0006 * math.sin(dr * (2 * f + mpr)) + 0.0010 * math.sin(dr * (2 * f - mpr))
    c1 += 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int) -> int:
    """The local day (Julian day number) of the k-th new moon."""
    return int(_new_moon(k) + 0.5 + _TIME_ZONE / 24)


def _sun_longitude_sector(jd: int) -> int:
    """Which of the twelve 30° sectors the sun is in at the start of local day `jd` (0 = from the spring equinox)."""
    t = (jd - 2451545.5 - _TIME_ZONE / 24) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= math.pi * 2 * int(longitude / (math.pi * 2))
    if longitude < 0:
        longitude += math.pi * 2
    return int(longitude / math.pi * 6)


def _month_11(year: int) -> int:
    """The first day (Julian day number) of lunar month 11 of `year`: the month of the winter solstice."""
    off = _julian_day(date(year, 12, 31)) - 2415021
    k = int(off / 29.530588853)
    start = _new_moon_day(k)
    if _sun_longitude_sector(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


def _leap_month_offset(month_11: int) -> int:
    """After month 11 of a 13-month year, how many months until the leap month (the first without a major term)."""
    k = int((month_11 - 2415021.076998695) / 29.530588853 + 0.5)
    last = 0
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def solar_date(lunar_year: int, lunar_month: int, lunar_day: int) -> date:
    """The solar date of a day of the lunar calendar (not a leap month): `solar_date(2027, 1, 1)` is Tết 2027."""
    if lunar_month < 11:
        a11, b11 = _month_11(lunar_year - 1), _month_11(lunar_year)
    else:
        a11, b11 = _month_11(lunar_year), _month_11(lunar_year + 1)
    k = int(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    offset = lunar_month - 11
    if offset < 0:
        offset += 12
    if b11 - a11 > 365 and offset >= _leap_month_offset(a11):  # a 13-month year: after the leap month, one later
        offset += 1
    start = _new_moon_day(k + offset)
    return _from_julian_day(start + lunar_day - 1)


def lunar_new_year(year: int) -> date:
    """Mùng 1 Tết of the lunar year that begins in solar `year`."""
    return solar_date(year, 1, 1)
