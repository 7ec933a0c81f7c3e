namespace OpenData.Store;

// One entity per dataset of seed-data/datapackage.json. Column names follow the CSV field names
// (snake_case in the database, see OpenDataDbContext), so a reader can go from a CSV header to a
// column without a mapping table. Entities never leave the store: the query layer projects them
// into the public DTOs.

/// <summary>A published document or dataset that rows come from.</summary>
public sealed class Source
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Publisher { get; set; }
    public required string PublicationDate { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public required string AreaCode { get; set; }
    public string? File { get; set; }
    public string? ProtectiveMarking { get; set; }
    public bool? PublicationScheme { get; set; }
    public DateOnly? DateCreated { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public string? Summary { get; set; }
    public required string Licence { get; set; }
    public required string LicenceStatus { get; set; }
    public required string Attribution { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A borough, force area, county, ward (of one boundary set) or other named place.</summary>
public sealed class Area
{
    public required string Code { get; set; }
    /// <summary>Position in code order (1, 2, ...), given by the import: the compact key crime_counts use.</summary>
    public int Number { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public string? ParentCode { get; set; }
    public string? BoundarySet { get; set; }
    /// <summary>Every ward boundary set holding the code, ascending, space-separated ("2014 2018 2022").</summary>
    public string? BoundarySets { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public double? CentroidLat { get; set; }
    public double? CentroidLon { get; set; }
    public double? Hectares { get; set; }
    public string? Aliases { get; set; }
    /// <summary>GeoJSON geometry object (Polygon or MultiPolygon, WGS84) as published; null where none.</summary>
    public string? Geometry { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>An offence or ASB category in one labelling scheme.</summary>
public sealed class OffenceCategory
{
    public required string Id { get; set; }
    /// <summary>Position in id order (1, 2, ...), given by the import: the compact key crime_counts use.</summary>
    public int Number { get; set; }
    public required string Scheme { get; set; }
    public required string Level { get; set; }
    public required string Name { get; set; }
    public string? ParentId { get; set; }
    public string? PoliceUkId { get; set; }
    public string? MpsCategoryId { get; set; }
    public string? ConceptId { get; set; }
    public string? MappingBasis { get; set; }
    public string? Aliases { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>
/// One published crime or ASB figure. Document figures come from crime_figures.csv; MPS monthly counts
/// come from the published extracts, one row per download that published the figure, so revisions are kept:
/// the newest download's row is current, older ones are superseded.
/// </summary>
public sealed class CrimeFigure
{
    public required string Id { get; set; }
    public required string AreaCode { get; set; }
    public string? AreaCodes { get; set; }
    public string? CategoryId { get; set; }
    public string? MeasureTypeId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string Measure { get; set; }
    public double Value { get; set; }
    public required string Qualifier { get; set; }
    public string? Derivation { get; set; }
    public required string Unit { get; set; }
    public string? PerPeriod { get; set; }
    public string? RateBase { get; set; }
    public required string PublishedText { get; set; }
    public DateOnly? ComparisonPeriodStart { get; set; }
    public DateOnly? ComparisonPeriodEnd { get; set; }
    public required string PeriodBasis { get; set; }
    public string? ComparisonPeriodBasis { get; set; }
    public string? PeriodBasisReason { get; set; }
    /// <summary>False when a newer download published a figure for the same area, category and period.</summary>
    public bool IsCurrent { get; set; } = true;
    /// <summary>Id of the figure that replaced this one; null while current.</summary>
    public string? SupersededBy { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>Something the documents count that is not an offence: cameras, rough sleepers, survey results, caseloads.</summary>
public sealed class MeasureType
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public required string Description { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A national or local performance indicator.</summary>
public sealed class Indicator
{
    public required string Id { get; set; }
    public required string Scheme { get; set; }
    public string? Number { get; set; }
    public required string Title { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A police or Local Area Agreement target with its published outcome.</summary>
public sealed class Target
{
    public required string Id { get; set; }
    public required string AreaCode { get; set; }
    public required string Subject { get; set; }
    public string? CategoryId { get; set; }
    public string? MeasureTypeId { get; set; }
    public string? IndicatorId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string PeriodBasis { get; set; }
    public string? PeriodBasisReason { get; set; }
    public double? BaselineValue { get; set; }
    public string? BaselineText { get; set; }
    public DateOnly? BaselinePeriodStart { get; set; }
    public DateOnly? BaselinePeriodEnd { get; set; }
    public required string TargetDirection { get; set; }
    public double? TargetChangePercent { get; set; }
    public string? TargetChangeBasis { get; set; }
    public double? TargetValue { get; set; }
    public string? TargetText { get; set; }
    public string? TargetQualifier { get; set; }
    public long? OutcomeChangeCount { get; set; }
    public double? OutcomeChangePercent { get; set; }
    public double? OutcomeValue { get; set; }
    public string? ValueUnit { get; set; }
    public string? OutcomeText { get; set; }
    public string? OutcomeQualifier { get; set; }
    public string? Derivation { get; set; }
    public string? Verdict { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A priority, theme or cross-cutting theme of a plan.</summary>
public sealed class Priority
{
    public required string Id { get; set; }
    public required string AreaCode { get; set; }
    public string? AreaCodes { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? ParentId { get; set; }
    public int? Rank { get; set; }
    public int? PrintedOrder { get; set; }
    public int? Score { get; set; }
    public bool? IsNew { get; set; }
    public string? StrategicLead { get; set; }
    public string? CategoryId { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A partnership action, activity, achievement, issue or opportunity.</summary>
public sealed class PartnershipAction
{
    public required string Id { get; set; }
    public required string AreaCode { get; set; }
    public string? AreaCodes { get; set; }
    public required string Kind { get; set; }
    public string? Theme { get; set; }
    public string? PriorityId { get; set; }
    public string? Objective { get; set; }
    public required string Text { get; set; }
    public string? Approach { get; set; }
    public string? Lead { get; set; }
    public string? Kpi { get; set; }
    public string? TimescaleText { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? Status { get; set; }
    public string? Rag { get; set; }
    public bool? NrfFunded { get; set; }
    public string? ReviewRecommendations { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>One row of a strategic-assessment matrix. Scores are text: a number, "?" (unknown as published) or null.</summary>
public sealed class AssessmentScore
{
    public required string Id { get; set; }
    public required string Matrix { get; set; }
    public string? CategoryGroup { get; set; }
    public required string Category { get; set; }
    public string? Volume { get; set; }
    public string? Performance { get; set; }
    public string? Trends { get; set; }
    public string? RiskToQualityOfLife { get; set; }
    public string? PublicConcern { get; set; }
    public string? Generator { get; set; }
    public required string PublishedScores { get; set; }
    public int? Total { get; set; }
    public string? DataSource { get; set; }
    public string? PriorityBand { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>An entry of a risk register.</summary>
public sealed class Risk
{
    public required string Id { get; set; }
    public required string PriorityArea { get; set; }
    public required string Description { get; set; }
    public string? Likelihood { get; set; }
    public string? Impact { get; set; }
    public string? ImpactDate { get; set; }
    public string? Mitigation { get; set; }
    public string? Lead { get; set; }
    public string? ReviewDate { get; set; }
    public string? Status { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>
/// A funding, budget or spending amount a document states. Amounts are doubles like every published figure (see
/// OpenDataDbContext): whole pounds, far below the 2^53 where a double stops holding integers exactly.
/// </summary>
public sealed class FundingFigure
{
    public required string Id { get; set; }
    public string? AreaCode { get; set; }
    public required string Kind { get; set; }
    public double Amount { get; set; }
    public double? AmountBefore { get; set; }
    public required string AmountText { get; set; }
    public required string Currency { get; set; }
    public string? PeriodText { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public string? Purpose { get; set; }
    public string? Funder { get; set; }
    public string? Recipient { get; set; }
    public string? ActionId { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}

/// <summary>
/// One MPS download as imported: a ward file ("most recent 24 months") or a borough file. Counts name their download by
/// <see cref="Id"/>, so each count is a few integers and everything a row shares with its file (name, source, ward set,
/// label scheme) is said once, here.
/// </summary>
public sealed class Download
{
    /// <summary>Small integer key: last month as YYYYMM times ten plus <see cref="Family"/> (so the newest download of a
    /// family has the largest id, and a count's id says which download it came from).</summary>
    public int Id { get; set; }
    /// <summary>The file's path under seed-data/, as published in the package (e.g. mps-ward-crime/mps_ward_crime_london_202212_202411.csv).</summary>
    public required string File { get; set; }
    /// <summary><see cref="WardFamily"/> for the MPS ward files, <see cref="BoroughFamily"/> for the borough files:
    /// revisions only happen within a family.</summary>
    public int Family { get; set; }

    public const int WardFamily = 0;
    public const int BoroughFamily = 1;
    public required string SourceId { get; set; }
    /// <summary>First and last month covered, YYYYMM.</summary>
    public int FirstMonth { get; set; }
    public int LastMonth { get; set; }
    /// <summary>The ward boundary set of the file's ward codes (2014, 2018, 2022), recognised from its content; null for a borough file.</summary>
    public string? WardSet { get; set; }
    /// <summary>The offence labelling scheme of the file (mps-title-case, mps-upper-case, mps-legacy).</summary>
    public required string Scheme { get; set; }
    public int Rows { get; set; }
    public long Counts { get; set; }
    /// <summary>Sum of every count in the file.</summary>
    public long Total { get; set; }
    /// <summary>SHA-256 (hex) of the file's bytes.</summary>
    public required string Sha256 { get; set; }
    /// <summary>JSON array: the sum of the file's counts for each month, first month first (London's total as that
    /// download published it), so what a new download revised is readable without reading its counts.</summary>
    public required string MonthlyTotals { get; set; }
}

/// <summary>
/// One monthly count as an MPS download published it: a handful of integers (about 40 bytes with its indexes, where a
/// crime_figures row cost a kilobyte). Everything else is derived: the download's file and source from
/// <see cref="Download"/>, the locator from the id (line and month column), codes from the areas' and categories'
/// numbers.
/// </summary>
public sealed class CrimeCount
{
    /// <summary>Stable id: download id times 10^7, plus the file line times 100, plus the month column (0-99).
    /// The same file gives the same ids in every release.</summary>
    public long Id { get; set; }
    public int DownloadId { get; set; }
    /// <summary><see cref="Area.Number"/> of the ward (or borough, for a borough file).</summary>
    public int Area { get; set; }
    /// <summary><see cref="Area.Number"/> of the reporting unit the download files the row under (LookUp_BoroughName:
    /// a borough, or the MPS aviation unit).</summary>
    public int Unit { get; set; }
    /// <summary><see cref="OffenceCategory.Number"/>.</summary>
    public int Category { get; set; }
    /// <summary>Month as YYYYMM.</summary>
    public int Month { get; set; }
    public int Count { get; set; }
    /// <summary>True when no newer download of the same family covers the month.</summary>
    public bool IsCurrent { get; set; }
}

/// <summary>
/// The current monthly counts of an area summed per police.uk category and month (and over all categories, under
/// police-uk-all-crime), built by the import: London-wide rankings and maps read a few thousand of these instead of
/// hundreds of thousands of counts.
/// </summary>
public sealed class CountTotal
{
    /// <summary><see cref="OffenceCategory.Number"/> of the police.uk category (police-uk-all-crime: every category).</summary>
    public int PoliceUk { get; set; }
    /// <summary>Month as YYYYMM.</summary>
    public int Month { get; set; }
    /// <summary><see cref="Area.Number"/> of the ward (or borough, for a borough file).</summary>
    public int Area { get; set; }
    public long Value { get; set; }
    /// <summary>How many counts were summed.</summary>
    public int Figures { get; set; }
}

/// <summary>
/// A borough's current monthly counts summed per police.uk category and month (and over all categories), on the basis
/// of its series: its own published counts for a month where there are any, else the sum of its wards' count_totals.
/// Built by the import from count_totals, so a ranking of boroughs reads 33 rows a month instead of every ward's.
/// </summary>
public sealed class BoroughTotal
{
    /// <summary><see cref="OffenceCategory.Number"/> of the police.uk category (police-uk-all-crime: every category).</summary>
    public int PoliceUk { get; set; }
    /// <summary>Month as YYYYMM.</summary>
    public int Month { get; set; }
    /// <summary><see cref="Area.Number"/> of the borough.</summary>
    public int Borough { get; set; }
    public long Value { get; set; }
    /// <summary>How many counts were summed.</summary>
    public int Figures { get; set; }
}

/// <summary>A month that a monthly series should have and no published download covers.</summary>
public sealed class CoverageGap
{
    public required string SourceId { get; set; }
    public DateOnly Month { get; set; }
}

/// <summary>One import of seed-data/: what it contained and what changed since the release before it.</summary>
public sealed class DataRelease
{
    /// <summary>Sequence number, 1 for the first import into a store.</summary>
    public int Id { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>SHA-256 (hex) over every dataset's rows in key order: equal content gives an equal hash.</summary>
    public required string ContentHash { get; set; }
    /// <summary>JSON object: dataset name to row count.</summary>
    public required string RowCounts { get; set; }
    /// <summary>JSON object: dataset name to { added, removed, changed } id lists (capped) and counts.</summary>
    public required string Changes { get; set; }
    /// <summary>Last-modified time of the newest input file.</summary>
    public DateTimeOffset SourceLastModified { get; set; }
}

/// <summary>
/// What one release did to one dataset: a row per dataset the release or the one before it holds. The API derives
/// each dataset's Last-Modified and validators from the newest release that <see cref="Modified"/> it, so a release
/// that leaves a dataset's rows alone leaves its ETag and Last-Modified alone.
/// </summary>
public sealed class ReleaseDataset
{
    public int ReleaseId { get; set; }
    /// <summary>Datapackage resource name (e.g. crime_figures).</summary>
    public required string Dataset { get; set; }
    public long Added { get; set; }
    public long Removed { get; set; }
    public long Changed { get; set; }
    /// <summary>Whether the release's changes JSON lists every id counted (none of the three passed the list cap).</summary>
    public bool IdsComplete { get; set; }
    /// <summary>The release changed the dataset's rows: any added, removed or changed, or the dataset first appears.</summary>
    public bool Modified { get; set; }
}

/// <summary>Per-row content hashes of the current release, used to say what the next release changed.</summary>
public sealed class RowHash
{
    public required string Dataset { get; set; }
    public required string RowId { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// One row a release added, removed or changed, against the release before it: the full lists behind the capped ids
/// of <see cref="DataRelease.Changes"/>. The first release of a store has none (every row was added; its counts say so).
/// </summary>
public sealed class ReleaseChange
{
    public int ReleaseId { get; set; }
    /// <summary>Datapackage resource name, as in the changes JSON (e.g. crime_figures).</summary>
    public required string Dataset { get; set; }
    /// <summary>added, removed or changed.</summary>
    public required string Change { get; set; }
    /// <summary>The row's key (key column values joined with "/"), as in row_hashes.</summary>
    public required string RowId { get; set; }
    /// <summary>
    /// For a changed row, JSON object: column name to <c>{"old": value, "new": value}</c> for each column whose value
    /// differs, with <c>"truncated": true</c> when a text value was cut to its first characters. Null for added and
    /// removed rows, and for changes recorded by a store older than this column (it never guesses).
    /// </summary>
    public string? ChangedFields { get; set; }

    /// <summary>Characters of a text value kept in <see cref="ChangedFields"/>; a reader wanting the whole value reads the row.</summary>
    public const int MaxChangedValueLength = 500;
}

/// <summary>
/// The datapackage.json the store was built from (one row): the API checks that it describes this package, so what
/// it documents is what the import validated.
/// </summary>
public sealed class StoredPackage
{
    /// <summary>Always 1.</summary>
    public int Id { get; set; }
    /// <summary>SHA-256 (hex, lower case) of the file's bytes.</summary>
    public required string Sha256 { get; set; }
    /// <summary>The file as read.</summary>
    public required string Json { get; set; }
}

/// <summary>The Census 2021 usual residents of a ward (2022 set) or borough: the denominator of rates.</summary>
public sealed class AreaPopulation
{
    public required string AreaCode { get; set; }
    public long Population { get; set; }
    public long? LivesInHousehold { get; set; }
    public long? LivesInCommunalEstablishment { get; set; }
    public DateOnly CensusDate { get; set; }
    public required string SourceId { get; set; }
    public required string Locator { get; set; }
    public string? Notes { get; set; }
}
