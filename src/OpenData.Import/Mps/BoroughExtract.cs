using OpenData.Import.Package;
using OpenData.Import.Validation;

namespace OpenData.Import.Mps;

/// <summary>One borough count of the older MPS file: one row per month and legacy minor category.</summary>
internal sealed record BoroughFigure(string SourceId, string RelativePath, int Line, int Month, string AreaCode, string CategoryId, long Count, string Text);

/// <summary>
/// Reads the MPS borough file (Month, CrimeType, CrimeDetails, CrimeCount, Borough) against its schema, then
/// checks what the schema cannot say: the month is a real YYYYMM month, the labels are a major and minor
/// category of the mps-legacy scheme, and the borough is a borough of areas.
/// </summary>
internal static class BoroughExtract
{
    public const string Scheme = "mps-legacy";

    public static List<BoroughFigure> Read(Resource resource, string relative, string packageDirectory, string displayPrefix, Reference reference, ErrorList errors)
    {
        var figures = new List<BoroughFigure>();
        var table = TableLoader.Load(resource, relative, packageDirectory, displayPrefix, errors, keepTexts: true);
        if (!table.Usable) return figures;
        var schema = table.Schema;
        int month = schema.IndexOf("Month"), major = schema.IndexOf("CrimeType"), minor = schema.IndexOf("CrimeDetails"),
            count = schema.IndexOf("CrimeCount"), borough = schema.IndexOf("Borough");
        foreach (var row in table.Rows)
        {
            if (row.BadCells is not null) continue;
            var ok = true;
            var monthText = (string)row.Values[month]!;
            if (!MonthColumns.TryParse(monthText, out var monthIndex))
            {
                errors.Add(table.File, row.Line, month + 1, "Month", $"expected a month YYYYMM, found {ImportError.Quote(monthText)}");
                ok = false;
            }
            var majorText = (string)row.Values[major]!;
            var minorText = (string)row.Values[minor]!;
            string? categoryId = null;
            if (reference.CategoriesUsable)
            {
                if (!reference.HasMajor(Scheme, majorText))
                {
                    errors.Add(table.File, row.Line, major + 1, "CrimeType", reference.UnknownMajor(Scheme, majorText));
                    ok = false;
                }
                else if ((categoryId = reference.Minor(Scheme, majorText, minorText)) is null)
                {
                    errors.Add(table.File, row.Line, minor + 1, "CrimeDetails", reference.UnknownMinor(Scheme, majorText, minorText));
                    ok = false;
                }
            }
            var boroughName = (string)row.Values[borough]!;
            string? areaCode = null;
            if (reference.AreasUsable && !reference.BoroughCodesByName.TryGetValue(boroughName, out areaCode))
            {
                errors.Add(table.File, row.Line, borough + 1, "Borough", $"expected the name of a borough of areas, found {ImportError.Quote(boroughName)}");
                ok = false;
            }
            if (ok && categoryId is not null && areaCode is not null)
            {
                figures.Add(new BoroughFigure(resource.SourceId!, relative, row.Line, monthIndex, areaCode, categoryId, (long)row.Values[count]!, row.Texts![count]));
            }
        }
        return figures;
    }
}
