namespace OpenData.Import.Validation;

/// <summary>Reading a declared file of the package, with a clear error when it is not there.</summary>
internal static class SeedFile
{
    public static byte[]? Read(string packageDirectory, string relativePath, string display, string resourceName, ErrorList errors)
    {
        var path = Path.Combine(packageDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add(display, null, null, null, $"expected the file declared by resource {ImportError.Quote(resourceName)} in datapackage.json, found no such file");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(display, null, null, null, $"expected a readable file, found an error: {e.Message}");
            return null;
        }
    }
}
