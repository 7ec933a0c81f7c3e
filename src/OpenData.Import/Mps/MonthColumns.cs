using System.Globalization;

namespace OpenData.Import.Mps;

/// <summary>Months as the MPS files name them (YYYYMM), counted as year * 12 + month - 1 so that consecutive months differ by one.</summary>
internal static class MonthColumns
{
    public static bool TryParse(string text, out int month)
    {
        month = 0;
        if (text.Length != 6) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var m = int.Parse(text.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || year < 1) return false;
        month = year * 12 + m - 1;
        return true;
    }

    public static string Text(int month) => $"{month / 12:D4}{month % 12 + 1:D2}";

    public static DateOnly First(int month) => new(month / 12, month % 12 + 1, 1);

    public static DateOnly Last(int month) => First(month).AddMonths(1).AddDays(-1);
}
