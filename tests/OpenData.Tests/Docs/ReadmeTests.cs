using System.Reflection;

namespace OpenData.Tests.Docs;

/// <summary>
/// Every setting an operator can change is documented: each public property of an options class (a class with a
/// <c>Section</c> constant, bound from that configuration section) is named in the README's configuration table, as
/// <c>`Section:Name`</c> or as <c>`Name`</c> on a row that names the section (or as <c>`Section:*`</c>).
/// </summary>
public sealed class ReadmeTests
{
    public static TheoryData<string, string> Settings()
    {
        var data = new TheoryData<string, string>();
        var assemblies = new[] { typeof(Program).Assembly, typeof(OpenData.Query.QueryOptions).Assembly, typeof(OpenData.Store.StoreOptions).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field) continue;
            var section = (string)field.GetRawConstantValue()!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                data.Add(section, property.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Every_setting_is_in_the_readme_configuration_table(string section, string name)
    {
        // The first cell of each table row: the keys it documents.
        var keys = File.ReadAllLines(RepositoryFiles.InRepository("README.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|')[1])
            .Where(cell => cell.Contains($"`{section}:", StringComparison.Ordinal));
        Assert.True(keys.Any(cell => cell.Contains($"`{section}:{name}`", StringComparison.Ordinal)
                || cell.Contains($"`{name}`", StringComparison.Ordinal)
                || cell.Contains($"`{section}:*`", StringComparison.Ordinal)),
            $"README.md's configuration table does not name {section}:{name}.");
    }
}
