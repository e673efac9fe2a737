using System.Text.RegularExpressions;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Web.Common;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>
/// An uploaded file: its name as the user had it (the extension gives the format), its size, and its bytes, which
/// are read only when registration gets to them: a refused name or definition costs nothing, and an upload waiting
/// for its turn to be parsed stays in the request's buffer (on disk past 64 KB), not in memory.
/// </summary>
public sealed class UploadedFile
{
    private readonly Func<CancellationToken, Task<byte[]>> _read;

    /// <summary>A file already in memory (the dashboard reads one to preview it).</summary>
    public UploadedFile(string fileName, byte[] content) : this(fileName, content.LongLength, _ => Task.FromResult(content)) => Content = content;

    public UploadedFile(string fileName, long length, Func<CancellationToken, Task<byte[]>> read)
    {
        FileName = fileName;
        Length = length;
        _read = read;
    }

    public string FileName { get; }
    public long Length { get; }

    /// <summary>The bytes, once read (or from the start, for a file given in memory).</summary>
    public byte[]? Content { get; private set; }

    public async Task<byte[]> ReadAsync(CancellationToken cancellationToken) => Content ??= await _read(cancellationToken);
}

/// <summary>A custom task to register: how to read it, its training file and an optional held-out test file.</summary>
public sealed record DatasetUpload(DatasetDefinition Definition, UploadedFile? Train, UploadedFile? Test);

/// <summary>
/// Registers uploaded datasets, for the API and the dashboard alike. First what costs nothing: the definition,
/// the name (not built-in, not taken), the files' names and sizes. Then, a few uploads at a time, the files
/// themselves, each parsed once exactly as a run would read it (columns present, every label mapped, verbalizer
/// words in the vocabulary); they are stored only when all of it passes. Nothing is kept from a rejected upload,
/// not even its files in the cache.
/// </summary>
public sealed partial class DatasetRegistration(
    DatasetStore datasets, DatasetFiles files, TokenizerSource tokenizers, IOptions<FedBptOptions> options)
{
    public const int MaxNameLength = 64;

    /// <summary>
    /// Uploads parsed at once. Parsing holds a file's bytes and its rows as strings (several times the file's size);
    /// more uploads wait their turn with their bytes still in the request's buffer.
    /// </summary>
    public static readonly int MaxConcurrentParses = Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    private readonly SemaphoreSlim _parsing = new(MaxConcurrentParses, MaxConcurrentParses);

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<Outcome<UploadedDataset>> RegisterAsync(DatasetUpload upload, CancellationToken cancellationToken = default)
    {
        var definition = upload.Definition;
        var errors = definition.Check();
        var name = definition.Name?.Trim().ToLowerInvariant() ?? "";
        if (name.Length == 0) errors["name"] = ["is required: the task name experiments will use."];
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
            errors["name"] = [$"use at most {MaxNameLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
        else if (TaskCatalog.TryGet(name, out _)) errors["name"] = [$"'{name}' is a built-in task; choose another name."];

        var format = CheckFile(upload.Train, "train", errors, required: true);
        var testFormat = CheckFile(upload.Test, "test", errors, required: false);
        if (format is not null && testFormat is not null && format != testFormat)
            errors["test"] = ["must have the same format (.tsv, .csv or .parquet) as the training file."];
        long total = (upload.Train?.Length ?? 0) + (upload.Test?.Length ?? 0);
        if (total > MaxUploadBytes) errors["train"] = [$"the upload is {total:N0} bytes; the limit is {MaxUploadBytes:N0} (FedBpt:MaxUploadBytes)."];
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (await datasets.ExistsAsync(name, cancellationToken)) return Failure.Conflict(new DuplicateDatasetException(name).Message);

        // The engine, like the reference, scores a class by one token of its word; a word the vocabulary splits would
        // silently score a fragment, so an upload must name words that are whole tokens for an installed model.
        var tokenizer = tokenizers.FindAccepting(definition.Labels!, out var wordProblem);
        if (tokenizer is null)
            return wordProblem == tokenizers.Missing ? Failure.Conflict(wordProblem) : Failure.Invalid("labels", wordProblem);

        await _parsing.WaitAsync(cancellationToken);
        try
        {
            return await ParseAndStoreAsync(name, definition, format!.Value, upload.Train!, upload.Test, tokenizer, cancellationToken);
        }
        finally
        {
            _parsing.Release();
        }
    }

    private async Task<Outcome<UploadedDataset>> ParseAndStoreAsync(string name, DatasetDefinition definition, DatasetFormat format,
        UploadedFile train, UploadedFile? test, Engine.Text.IModelTokenizer tokenizer, CancellationToken cancellationToken)
    {
        var trainBytes = await train.ReadAsync(cancellationToken);
        var testBytes = test is null ? null : await test.ReadAsync(cancellationToken);
        var (trainPath, testPath) = files.Write(name, format, trainBytes, testBytes);
        bool stored = false;
        try
        {
            int rows, testRows;
            try
            {
                // Builds the task and parses each file once: columns, labels, and the row counts.
                var (task, counts) = CustomTaskDefinition.CreateCounting(definition.ToSpec(name, trainPath, testPath), tokenizer);
                rows = counts[trainPath];
                testRows = testPath is null ? 0 : counts[testPath];
                if (rows < task.NumClasses)
                    return Failure.Invalid("train", $"has {rows} rows; a task with {task.NumClasses} labels needs at least one row per label.");
            }
            catch (Exception e) when (e is TaskDefinitionException or DataFormatException or IOException)
            {
                // The engine names the cache file; the user knows their file by the name they uploaded.
                var message = e.Message.Replace(trainPath, train.FileName, StringComparison.Ordinal);
                if (testPath is not null) message = message.Replace(testPath, test!.FileName, StringComparison.Ordinal);
                return Failure.Invalid("dataset", message);
            }

            long total = trainBytes.LongLength + (testBytes?.LongLength ?? 0);
            var id = await datasets.AddAsync(new NewDataset
            {
                Name = name,
                FileName = Path.GetFileName(train.FileName),
                Format = format,
                Content = trainBytes,
                DefinitionJson = (definition with { Name = name }).ToJson(),
                Rows = rows,
                TestContent = testBytes,
                TestRows = test is null ? null : testRows,
            }, cancellationToken);
            stored = true;
            return new UploadedDataset(id, name, Path.GetFileName(train.FileName), format, rows, test is null ? null : testRows,
                total, DateTime.UtcNow);
        }
        catch (DuplicateDatasetException e)
        {
            return Failure.Conflict(e.Message); // registered by another upload while this one was parsed
        }
        finally
        {
            if (!stored) files.DeleteFolderOf(trainPath);
        }
    }

    private static DatasetFormat? CheckFile(UploadedFile? file, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (file is null)
        {
            if (required) errors[field] = ["is required: a .tsv or .csv file with a header row, or a .parquet file."];
            return null;
        }
        if (Path.GetFileName(file.FileName) is { Length: > FieldLengths.FileName } tooLong)
        {
            errors[field] = [$"the file name is {tooLong.Length} characters long; use at most {FieldLengths.FileName}."];
            return null;
        }
        if (file.Length == 0)
        {
            errors[field] = [$"'{file.FileName}' is empty."];
            return null;
        }
        switch (Path.GetExtension(file.FileName).ToLowerInvariant())
        {
            case ".tsv": return DatasetFormat.Tsv;
            case ".csv": return DatasetFormat.Csv;
            case ".parquet": return DatasetFormat.Parquet;
            default:
                errors[field] = [$"'{file.FileName}' is neither .tsv (tab-separated), .csv (comma-separated, RFC 4180) nor .parquet."];
                return null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
