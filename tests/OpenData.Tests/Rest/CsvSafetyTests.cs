using OpenData.Api.Rest;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>
/// Every CSV the API writes goes through RestOutput: a text cell a spreadsheet would read as a formula gets a
/// leading apostrophe; numbers, even negative ones, and ordinary text come out as they are.
/// </summary>
public sealed class CsvSafetyTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+44 20", "'+44 20")]
    [InlineData("-x", "'-x")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("\rx", "\"'\rx\"")]
    public void A_text_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(string text, string written) =>
        Assert.Equal(written, RestOutput.CsvField(text));

    [Theory]
    [InlineData("Abingdon")]
    [InlineData("St. Helier, Sutton")]
    [InlineData("say \"hi\"")]
    [InlineData("a=b")]
    [InlineData("2022-03")]
    [InlineData("")]
    public void Ordinary_text_round_trips_unchanged(string text) =>
        Assert.Equal(text, Csv.Parse(RestOutput.CsvField(text) + "\r\n").Single().Single());

    [Fact]
    public void Numbers_are_not_neutralised_even_when_negative()
    {
        Assert.Equal("-5", RestOutput.CsvValue(-5));
        Assert.Equal("-5", RestOutput.CsvValue(-5L));
        Assert.Equal("-2.5", RestOutput.CsvValue(-2.5));
        Assert.Equal("'-5", RestOutput.CsvValue("-5"));
    }

    [Fact]
    public void An_export_row_neutralises_its_text_fields_and_leaves_its_numbers()
    {
        var row = new CrimeFigureDto
        {
            Id = "f-1",
            AreaCode = "E05009388",
            CategoryId = "burglary",
            PeriodStart = new DateOnly(2022, 3, 1),
            PeriodEnd = new DateOnly(2022, 3, 31),
            Measure = "count",
            Value = -5,
            Qualifier = "exact",
            Unit = "crimes",
            PublishedText = "=1+2",
            PeriodBasis = "stated",
            SourceId = "s",
            Locator = "@A1",
            Notes = "plain, with a comma",
            IsCurrent = true,
        };
        var fields = QueryEngine.SelectFields(CrimeFigureDto.Dataset, ["id", "value", "published_text", "locator", "notes"]);
        using var writer = new StringWriter();
        RestOutput.WriteCsvRow(writer, row, fields);

        Assert.Equal(["f-1", "-5", "'=1+2", "'@A1", "plain, with a comma"], Csv.Parse(writer.ToString()).Single());
    }
}
