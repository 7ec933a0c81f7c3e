using System.Text;
using Microsoft.EntityFrameworkCore;

namespace OpenData.Store;

/// <summary>
/// The store. Read paths go through LINQ only, so the same queries run on SQLite (embedded default) and
/// PostgreSQL (deployments with several instances). The schema is created with EnsureCreated by the import (which
/// then makes row_hashes and release_changes WITHOUT ROWID tables): the store is rebuilt from seed-data/ on every import, so there are
/// no migrations to run.
/// </summary>
public sealed class OpenDataDbContext(DbContextOptions<OpenDataDbContext> options) : DbContext(options)
{
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<OffenceCategory> OffenceCategories => Set<OffenceCategory>();
    public DbSet<CrimeFigure> CrimeFigures => Set<CrimeFigure>();
    public DbSet<MeasureType> MeasureTypes => Set<MeasureType>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<Priority> Priorities => Set<Priority>();
    public DbSet<PartnershipAction> Actions => Set<PartnershipAction>();
    public DbSet<AssessmentScore> AssessmentScores => Set<AssessmentScore>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<FundingFigure> FundingFigures => Set<FundingFigure>();
    public DbSet<Download> Downloads => Set<Download>();
    public DbSet<CrimeCount> CrimeCounts => Set<CrimeCount>();
    public DbSet<CountTotal> CountTotals => Set<CountTotal>();
    public DbSet<BoroughTotal> BoroughTotals => Set<BoroughTotal>();
    public DbSet<AreaPopulation> Populations => Set<AreaPopulation>();
    public DbSet<CoverageGap> CoverageGaps => Set<CoverageGap>();
    public DbSet<DataRelease> Releases => Set<DataRelease>();
    public DbSet<RowHash> RowHashes => Set<RowHash>();
    public DbSet<ReleaseChange> ReleaseChanges => Set<ReleaseChange>();
    public DbSet<ReleaseDataset> ReleaseDatasets => Set<ReleaseDataset>();
    public DbSet<StoredPackage> Package => Set<StoredPackage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Source>(e => { e.ToTable("sources"); e.HasKey(x => x.Id); });
        model.Entity<Area>(e =>
        {
            e.ToTable("areas");
            e.HasKey(x => x.Code);
            e.HasIndex(x => x.ParentCode);
            e.HasIndex(x => new { x.Type, x.Code });
        });
        model.Entity<OffenceCategory>(e =>
        {
            e.ToTable("offence_categories");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ParentId);
            e.HasIndex(x => x.PoliceUkId);
        });
        model.Entity<Download>(e => { e.ToTable("downloads"); e.HasKey(x => x.Id); e.Property(x => x.Id).ValueGeneratedNever(); });
        model.Entity<CrimeCount>(e =>
        {
            e.ToTable("crime_counts");
            // The id is the rowid (INTEGER PRIMARY KEY on SQLite): no key bytes beyond the row itself.
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            // One covering index, the whole question it serves: an area's counts over a range of months (a series, with
            // every download for its revisions; a map or aggregate of MPS categories, area by area). London-wide sums
            // of police.uk categories read count_totals. A second index (current counts by category and month) cost
            // 25 bytes a count and a quarter of the import's time for questions count_totals answers.
            e.HasIndex(x => new { x.Area, x.Month, x.Category, x.IsCurrent, x.DownloadId, x.Count }).HasDatabaseName("IX_crime_counts_area");
        });
        // WITHOUT ROWID (StoreModel.CreateSchema): the key is the order every reader wants (a category, a range of months).
        model.Entity<CountTotal>(e => { e.ToTable("count_totals"); e.HasKey(x => new { x.PoliceUk, x.Month, x.Area }); });
        model.Entity<BoroughTotal>(e => { e.ToTable("borough_totals"); e.HasKey(x => new { x.PoliceUk, x.Month, x.Borough }); });
        model.Entity<CrimeFigure>(e =>
        {
            e.ToTable("crime_figures");
            e.HasKey(x => x.Id);
            // Figures are doubles, not decimals: SQLite cannot compare or order decimals in SQL, and every
            // published figure has few enough digits to round-trip exactly through a double.
            // The collections' default order (period_start, id), for keyset pages and exports.
            e.HasIndex(x => new { x.PeriodStart, x.Id });
            // Three covering indexes for the monthly-count questions (series, aggregates, map) and the usual
            // filters: each leads with what a query narrows by (an area, categories, a period) and holds every
            // column those queries read, so they never visit the wide rows (ids and locators are most of a row's
            // bytes). None leads with measure: without statistics SQLite would take an equality on measure (nearly
            // every row) over them. Named, because the default names are past PostgreSQL's 63 characters.
            e.HasIndex(x => new { x.AreaCode, x.PeriodStart, x.PeriodEnd, x.CategoryId, x.Measure, x.IsCurrent, x.Value })
                .HasDatabaseName("IX_crime_figures_area_counts");
            e.HasIndex(x => new { x.CategoryId, x.PeriodStart, x.PeriodEnd, x.AreaCode, x.Measure, x.IsCurrent, x.Value })
                .HasDatabaseName("IX_crime_figures_category_counts");
            e.HasIndex(x => new { x.PeriodStart, x.PeriodEnd, x.AreaCode, x.CategoryId, x.Measure, x.IsCurrent, x.Value })
                .HasDatabaseName("IX_crime_figures_counts");
        });
        model.Entity<MeasureType>(e => { e.ToTable("measure_types"); e.HasKey(x => x.Id); });
        model.Entity<Indicator>(e => { e.ToTable("indicators"); e.HasKey(x => x.Id); });
        model.Entity<Target>(e =>
        {
            e.ToTable("targets");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AreaCode);
        });
        model.Entity<Priority>(e => { e.ToTable("priorities"); e.HasKey(x => x.Id); e.HasIndex(x => x.AreaCode); });
        model.Entity<PartnershipAction>(e => { e.ToTable("actions"); e.HasKey(x => x.Id); e.HasIndex(x => x.AreaCode); });
        model.Entity<AssessmentScore>(e => { e.ToTable("assessment_scores"); e.HasKey(x => x.Id); });
        model.Entity<Risk>(e => { e.ToTable("risks"); e.HasKey(x => x.Id); });
        model.Entity<FundingFigure>(e => { e.ToTable("funding_figures"); e.HasKey(x => x.Id); });
        model.Entity<AreaPopulation>(e => { e.ToTable("populations"); e.HasKey(x => x.AreaCode); });
        model.Entity<CoverageGap>(e => { e.ToTable("coverage_gaps"); e.HasKey(x => new { x.SourceId, x.Month }); });
        model.Entity<DataRelease>(e => { e.ToTable("releases"); e.HasKey(x => x.Id); e.Property(x => x.Id).ValueGeneratedNever(); });
        // The import creates this table WITHOUT ROWID (StoreModel.CreateSchema in OpenData.Import), which EF
        // Core cannot express; reading it is the same either way.
        model.Entity<RowHash>(e => { e.ToTable("row_hashes"); e.HasKey(x => new { x.Dataset, x.RowId }); });
        // Also WITHOUT ROWID (StoreModel.CreateSchema): the key is all of the row but the short changed_fields JSON.
        model.Entity<ReleaseChange>(e => { e.ToTable("release_changes"); e.HasKey(x => new { x.ReleaseId, x.Dataset, x.Change, x.RowId }); });
        model.Entity<ReleaseDataset>(e => { e.ToTable("release_datasets"); e.HasKey(x => new { x.ReleaseId, x.Dataset }); });
        model.Entity<StoredPackage>(e => { e.ToTable("data_package"); e.HasKey(x => x.Id); e.Property(x => x.Id).ValueGeneratedNever(); });

        // snake_case names, matching the CSV field names of seed-data/datapackage.json.
        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
                // PostgreSQL compares and sorts text by the database's locale unless told otherwise; "C" is
                // code-point order, which is SQLite's BINARY: the same rows, in the same order, on both stores.
                if (property.ClrType == typeof(string) && Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
                {
                    property.SetCollation("C");
                }
            }
        }
    }

    /// <summary>"RiskToQualityOfLife" becomes "risk_to_quality_of_life".</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
