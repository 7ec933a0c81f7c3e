using System.Globalization;
using OpenData.Import.Csv;
using OpenData.Import.Package;
using OpenData.Import.Validation;

namespace OpenData.Import.Mps;

/// <summary>One ward and minor category of a download: its counts, one per month column.</summary>
internal sealed class WardRow
{
    public required int Line { get; init; }
    public required string WardCode { get; init; }
    /// <summary>Area code of the reporting unit (LookUp_BoroughName): a borough, or the MPS aviation unit.</summary>
    public required string UnitCode { get; init; }
    public required string CategoryId { get; init; }
    public required int[] Counts { get; init; }
    /// <summary>The counts as printed, only where that differs from the number written plainly (e.g. "007").</summary>
    public string?[]? Texts { get; set; }
}

/// <summary>
/// One download of the MPS "Ward Level Crime (most recent 24 months)" file, read in its published wide format:
/// MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, then one YYYYMM column per month.
/// A download is identified by its last month: the newest download covering a month holds the current figure.
/// </summary>
internal sealed class WardExtract
{
    public const string SchemeTitleCase = "mps-title-case";
    public const string SchemeUpperCase = "mps-upper-case";

    public required string RelativePath { get; init; }
    public required string Display { get; init; }
    /// <summary>Label scheme of the file: UPPER CASE major labels mean mps-upper-case, anything else mps-title-case.</summary>
    public required string Scheme { get; init; }
    public required int FirstMonth { get; init; }
    public required int MonthCount { get; init; }
    /// <summary>The rows, held from reading until the validator has logged the file, then dropped
    /// (<see cref="DropRows"/>) and read again when the file is written (<see cref="TakeRows"/>): the import holds one
    /// download's rows at a time, whatever the number of downloads. The summary below stays.</summary>
    public required List<WardRow> Rows { get; set; }
    public required int RowCount { get; init; }
    /// <summary>The sum of the counts of each month column.</summary>
    public required long[] MonthlyTotals { get; init; }
    /// <summary>Reads the file again, as it was read the first time.</summary>
    private Func<ErrorList, WardExtract?> _readAgain = _ => null;
    /// <summary>The ward boundary set of the file's codes: the newest set that holds every one of them.</summary>
    public required string? WardSet { get; init; }
    /// <summary>SHA-256 (hex, lower case) of the file's bytes.</summary>
    public required string Sha256 { get; init; }

    public int LastMonth => FirstMonth + MonthCount - 1;

    public long Cells => (long)RowCount * MonthCount;

    public void DropRows() => Rows = [];

    /// <summary>The rows, dropped from this extract: those held, or the file read again (an error if it changed
    /// since it was validated: its SHA-256 or its rows; the import then fails and writes nothing).</summary>
    public List<WardRow> TakeRows()
    {
        var rows = Rows;
        Rows = [];
        if (rows.Count == RowCount) return rows;
        var errors = new ErrorList();
        var again = _readAgain(errors);
        if (again is null || errors.Any || again.Sha256 != Sha256 || again.RowCount != RowCount)
        {
            throw new InvalidOperationException($"{Display} changed while it was imported (validated with SHA-256 {Sha256}): import again.");
        }
        return again.Rows;
    }

    public static WardExtract? Read(Resource resource, string relative, string packageDirectory, string displayPrefix, Reference reference, ErrorList errors)
    {
        var display = displayPrefix + relative;
        var schema = resource.Schema!;
        var data = SeedFile.Read(packageDirectory, relative, display, resource.Name, errors);
        if (data is null) return null;

        var monthSpec = schema.Field("YYYYMM")!;
        var fixedFields = schema.Fields.Where(f => f.Name != "YYYYMM").ToArray();
        int major = Array.FindIndex(fixedFields, f => f.Name == "MajorText"),
            minor = Array.FindIndex(fixedFields, f => f.Name == "MinorText"),
            ward = Array.FindIndex(fixedFields, f => f.Name == "WardCode"),
            unit = Array.FindIndex(fixedFields, f => f.Name == "LookUp_BoroughName");

        var reader = new CsvReader(data);
        var header = TableLoader.ReadHeader(reader, display, errors);
        if (header is null) return null;
        var headerLine = reader.Line;
        var fixedNames = fixedFields.Select(f => f.Name).ToArray();
        if (!TableLoader.CheckNames(header.Take(fixedNames.Length).ToArray(), fixedNames, headerLine, display, errors)) return null;
        if (header.Length == fixedNames.Length)
        {
            errors.Add(display, headerLine, header.Length + 1, null, $"expected month columns YYYYMM after {fixedNames[^1]}, found none");
            return null;
        }

        var firstMonth = 0;
        var headerOk = true;
        for (var i = fixedNames.Length; i < header.Length; i++)
        {
            if (!MonthColumns.TryParse(header[i], out var month))
            {
                errors.Add(display, headerLine, i + 1, header[i], $"expected a month column YYYYMM, found {ImportError.Quote(header[i])}");
                headerOk = false;
                break;
            }
            if (i == fixedNames.Length) firstMonth = month;
            else if (month != firstMonth + (i - fixedNames.Length))
            {
                var expected = MonthColumns.Text(firstMonth + (i - fixedNames.Length));
                errors.Add(display, headerLine, i + 1, header[i], $"expected month column {expected} (months must be consecutive), found {ImportError.Quote(header[i])}");
                headerOk = false;
                break;
            }
        }
        if (!headerOk) return null;

        var monthCount = header.Length - fixedNames.Length;
        var width = header.Length;
        string? FieldName(int column) => column >= 1 && column <= width ? header[column - 1] : null;
        CsvReader.SyntaxError onSyntax = (line, column, message) => errors.Add(display, line, column, FieldName(column), message);

        // Digits only and no constraint beyond "minimum <= 0": the common cell needs no string at all.
        var plainDigitsAreValid = monthSpec.Type == FieldType.Integer && monthSpec.Pattern is null && monthSpec.Enum is null
            && monthSpec.Maximum is null && monthSpec.MaxLength is null && monthSpec.MinLength is null
            && (monthSpec.Minimum is null || monthSpec.Minimum.CompareTo(0L) <= 0);

        string? scheme = null;
        var rows = new List<WardRow>();
        // The MPS files one ward under two reporting units in some downloads (Heathrow Villages under Hillingdon and
        // the aviation unit), so the row key includes the unit.
        var keys = new Dictionary<(string, string, string, string), int>();
        var categories = new Dictionary<(string Unit, string Ward, string Category), int>();
        // Ward sets that hold every code so far (null: no code yet).
        HashSet<string>? wardSets = null;
        var unknownCodes = new List<(int Line, string Code)>();
        var values = new string?[fixedFields.Length];
        while (reader.Read(onSyntax))
        {
            var line = reader.Line;
            if (reader.HasSyntaxError) continue;
            if (reader.IsBlank)
            {
                errors.Add(display, line, 1, null, $"expected a row of {width} fields, found a blank line");
                continue;
            }
            if (reader.FieldCount != width)
            {
                var column = Math.Min(reader.FieldCount, width) + 1;
                errors.Add(display, line, column, FieldName(column), $"expected {width} fields, found {reader.FieldCount}");
                continue;
            }

            var rowOk = true;
            for (var i = 0; i < fixedFields.Length; i++)
            {
                values[i] = null;
                if (reader.FindInvalidUtf8(i, out var bad, out var badLine))
                {
                    errors.Add(display, badLine, i + 1, header[i], $"expected UTF-8 text, found byte 0x{bad:X2}");
                    rowOk = false;
                    continue;
                }
                var raw = reader.GetString(i);
                var message = Array.IndexOf(schema.MissingValues, raw) >= 0 ? fixedFields[i].CheckMissing(raw) : fixedFields[i].Check(raw, out _);
                if (message is not null)
                {
                    errors.Add(display, reader.FieldLine(i), i + 1, header[i], message);
                    rowOk = false;
                    continue;
                }
                values[i] = raw;
            }

            string? categoryId = null;
            string? unitCode = null;
            if (values[ward] is { } wardCode && reference.AreasUsable)
            {
                if (!reference.Wards.TryGetValue(wardCode, out var known))
                {
                    if (unknownCodes.Count < 20 && !unknownCodes.Any(u => u.Code == wardCode)) unknownCodes.Add((line, wardCode));
                    errors.Add(display, line, ward + 1, header[ward],
                        $"expected a ward code of areas, found {ImportError.Quote(wardCode)} (WardName {ImportError.Quote(reader.GetString(Array.FindIndex(fixedFields, f => f.Name == "WardName")))}): add the ward to areas.csv with its boundary set, parent borough and source, and its polygon to the set's boundary file");
                    rowOk = false;
                }
                else if (known.BoundarySets.Count > 0)
                {
                    if (wardSets is null) wardSets = new HashSet<string>(known.BoundarySets, StringComparer.Ordinal);
                    else wardSets.IntersectWith(known.BoundarySets);
                }
            }
            if (values[unit] is { } unitName && reference.AreasUsable && !reference.UnitCodesByName.TryGetValue(unitName, out unitCode))
            {
                errors.Add(display, line, unit + 1, header[unit],
                    $"expected the name of a borough or police unit of areas (its name or one of its aliases), found {ImportError.Quote(unitName)}: add the spelling to that area's aliases in areas.csv");
                rowOk = false;
            }
            if (values[major] is { } majorText && values[minor] is { } minorText)
            {
                // The scheme is decided by the first row; every row must then be a category of that scheme.
                scheme ??= majorText.Any(char.IsLower) ? SchemeTitleCase : SchemeUpperCase;
                if (reference.CategoriesUsable)
                {
                    if (!reference.HasMajor(scheme, majorText))
                    {
                        errors.Add(display, line, major + 1, header[major], reference.UnknownMajor(scheme, majorText));
                        rowOk = false;
                    }
                    else if ((categoryId = reference.Minor(scheme, majorText, minorText)) is null)
                    {
                        errors.Add(display, line, minor + 1, header[minor], reference.UnknownMinor(scheme, majorText, minorText));
                        rowOk = false;
                    }
                }
                if (values[ward] is { } code && values[unit] is { } unitText)
                {
                    if (keys.TryGetValue((unitText, code, majorText, minorText), out var first))
                    {
                        errors.Add(display, line, ward + 1, string.Join(", ", schema.PrimaryKey),
                            $"expected a unique primary key, found {ImportError.Quote($"{unitText} | {code} | {majorText} | {minorText}")} again (first on line {first})");
                        rowOk = false;
                    }
                    else
                    {
                        keys[(unitText, code, majorText, minorText)] = line;
                        // A category's aliases are other spellings of it: a ward may not have the same category twice
                        // under one reporting unit.
                        if (categoryId is not null && !categories.TryAdd((unitText, code, categoryId), line))
                        {
                            errors.Add(display, line, minor + 1, header[minor],
                                $"expected one row per reporting unit, ward and category, found {ImportError.Quote($"{unitText} | {code} | {categoryId}")} again under another spelling (first on line {categories[(unitText, code, categoryId)]})");
                            rowOk = false;
                        }
                    }
                }
            }

            var counts = new int[monthCount];
            string?[]? texts = null;
            for (var m = 0; m < monthCount; m++)
            {
                var i = fixedFields.Length + m;
                var bytes = reader.Raw(i);
                if (plainDigitsAreValid && bytes.Length is > 0 and < 10 && reader.IsPlain(i) && AllDigits(bytes))
                {
                    var count = 0;
                    foreach (var b in bytes) count = count * 10 + (b - '0');
                    counts[m] = count;
                    if (bytes.Length > 1 && bytes[0] == (byte)'0') (texts ??= new string?[monthCount])[m] = reader.GetString(i);
                    continue;
                }
                if (reader.FindInvalidUtf8(i, out var bad, out var badLine))
                {
                    errors.Add(display, badLine, i + 1, header[i], $"expected UTF-8 text, found byte 0x{bad:X2}");
                    rowOk = false;
                    continue;
                }
                var raw = reader.GetString(i);
                object? value = null;
                var message = Array.IndexOf(schema.MissingValues, raw) >= 0 ? monthSpec.CheckMissing(raw) : monthSpec.Check(raw, out value);
                if (message is null && value is long number && number > int.MaxValue) message = $"expected a count of at most {int.MaxValue}, found {ImportError.Quote(raw)}";
                if (message is not null)
                {
                    errors.Add(display, reader.FieldLine(i), i + 1, header[i], message);
                    rowOk = false;
                    continue;
                }
                counts[m] = value is long n ? (int)n : 0;
                (texts ??= new string?[monthCount])[m] = raw;
            }

            if (rowOk && categoryId is not null && unitCode is not null)
            {
                rows.Add(new WardRow { Line = line, WardCode = values[ward]!, UnitCode = unitCode, CategoryId = categoryId, Counts = counts, Texts = texts });
            }
        }

        // The ward set comes from the codes: the sets that hold all of them, the newest when several do (a borough's
        // codes that never changed are in every set).
        string? wardSet = null;
        if (wardSets is not null && reference.AreasUsable && unknownCodes.Count == 0)
        {
            wardSet = wardSets.Order(StringComparer.Ordinal).LastOrDefault();
            if (wardSet is null)
            {
                errors.Add(display, null, ward + 1, header[ward],
                    "expected the ward codes of one boundary set, found codes of different sets (no set of areas.csv holds them all): a download keys every month to the wards in force when it was produced");
            }
        }

        return new WardExtract
        {
            RelativePath = relative,
            Display = display,
            Scheme = scheme ?? SchemeTitleCase,
            FirstMonth = firstMonth,
            MonthCount = monthCount,
            Rows = rows,
            RowCount = rows.Count,
            MonthlyTotals = MonthlySums(rows, monthCount),
            WardSet = wardSet,
            Sha256 = CountDownloads.Sha256(data),
            _readAgain = ReadingAgain(resource, relative, packageDirectory, displayPrefix, reference),
        };
    }

    // Apart from Read, so that the closure captures only what it names, not Read's rows and bytes (the variables a
    // method's lambdas capture share one closure object, which would keep every download's rows alive).
    private static Func<ErrorList, WardExtract?> ReadingAgain(Resource resource, string relative, string packageDirectory, string displayPrefix, Reference reference) =>
        errors => Read(resource, relative, packageDirectory, displayPrefix, reference, errors);

    private static long[] MonthlySums(List<WardRow> rows, int monthCount)
    {
        var sums = new long[monthCount];
        foreach (var row in rows)
        {
            for (var m = 0; m < monthCount; m++) sums[m] += row.Counts[m];
        }
        return sums;
    }

    private static bool AllDigits(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
        }
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RelativePath} ({MonthColumns.Text(FirstMonth)}..{MonthColumns.Text(LastMonth)})");
}
