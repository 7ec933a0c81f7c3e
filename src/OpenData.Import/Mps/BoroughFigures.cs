using System.Globalization;
using OpenData.Import.Build;

namespace OpenData.Import.Mps;

/// <summary>
/// crime_figures rows from the MPS borough file. Id: <c>mpsb-&lt;month YYYYMM&gt;-&lt;mps-legacy minor category id&gt;</c>.
/// One file, no revisions: every row is current.
/// </summary>
internal static class BoroughFigures
{
    public const string IdPrefix = "mpsb-";

    public static string Id(BoroughFigure figure) => $"{IdPrefix}{MonthColumns.Text(figure.Month)}-{figure.CategoryId}";

    public static StoredRow Row(BoroughFigure figure, StoreTable table)
    {
        var values = new object?[table.Columns.Length];
        var id = Id(figure);
        values[table.IndexOf("id")] = id;
        values[table.IndexOf("area_code")] = figure.AreaCode;
        values[table.IndexOf("category_id")] = figure.CategoryId;
        values[table.IndexOf("period_start")] = MonthColumns.First(figure.Month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values[table.IndexOf("period_end")] = MonthColumns.Last(figure.Month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values[table.IndexOf("measure")] = "count";
        values[table.IndexOf("value")] = (double)figure.Count;
        values[table.IndexOf("unit")] = "offences";
        values[table.IndexOf("published_text")] = figure.Text;
        values[table.IndexOf("is_current")] = 1L;
        values[table.IndexOf("source_id")] = figure.SourceId;
        values[table.IndexOf("locator")] = $"{figure.RelativePath}, line {figure.Line}";
        return new StoredRow(id, values);
    }
}
