using System.Text.RegularExpressions;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Datasets;
using DatasetSummary = FedBpt.Storage.Datasets.DatasetSummary;
using FedBpt.Storage.Entities;
using FedBpt.Web.Common;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>An uploaded file: its name as the user had it (the extension gives the format) and its bytes.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>A custom task to register: how to read it, its training file and an optional held-out test file.</summary>
public sealed record DatasetUpload(DatasetDefinition Definition, UploadedFile? Train, UploadedFile? Test);

/// <summary>
/// Registers uploaded datasets, for the API and the dashboard alike: checks the definition, then the files
/// themselves exactly as a run would read them (columns present, every label mapped, verbalizer words in the
/// vocabulary), and stores them only when all of it passes. Nothing is kept from a rejected upload.
/// </summary>
public sealed partial class DatasetRegistration(
    DatasetStore datasets, DatasetFiles files, TokenizerSource tokenizers, IOptions<FedBptOptions> options)
{
    public const int MaxNameLength = 64;

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<Outcome<DatasetSummary>> RegisterAsync(DatasetUpload upload, CancellationToken cancellationToken = default)
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
        long total = (upload.Train?.Content.Length ?? 0) + (upload.Test?.Content.Length ?? 0);
        if (total > MaxUploadBytes) errors["train"] = [$"the upload is {total:N0} bytes; the limit is {MaxUploadBytes:N0} (FedBpt:MaxUploadBytes)."];
        if (errors.Count > 0) return Failure.Invalid(errors);

        // The engine, like the reference, scores a class by one token of its word; a word the vocabulary splits would
        // silently score a fragment, so an upload must name words that are whole tokens for an installed model.
        var tokenizer = tokenizers.FindAccepting(definition.Labels!, out var wordProblem);
        if (tokenizer is null)
            return wordProblem == tokenizers.Missing ? Failure.Conflict(wordProblem) : Failure.Invalid("labels", wordProblem);

        var train = upload.Train!;
        var test = upload.Test;
        var (trainPath, testPath) = files.Write(name, format!.Value, train.Content, test?.Content);
        int rows, testRows;
        try
        {
            var task = CustomTaskDefinition.Create(definition.ToSpec(name, trainPath, testPath), tokenizer);
            rows = DatasetLoader.Read(task, trainPath).Count;
            testRows = testPath is null ? 0 : DatasetLoader.Read(task, testPath).Count;
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

        try
        {
            var id = await datasets.AddAsync(new NewDataset
            {
                Name = name,
                FileName = Path.GetFileName(train.FileName),
                Format = format.Value,
                Content = train.Content,
                DefinitionJson = (definition with { Name = name }).ToJson(),
                Rows = rows,
                TestContent = test?.Content,
                TestRows = test is null ? null : testRows,
            }, cancellationToken);
            return new DatasetSummary(id, name, Path.GetFileName(train.FileName), format.Value, rows, test is null ? null : testRows,
                total, DateTime.UtcNow);
        }
        catch (DuplicateDatasetException e)
        {
            return Failure.Conflict(e.Message);
        }
    }

    private static DatasetFormat? CheckFile(UploadedFile? file, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (file is null)
        {
            if (required) errors[field] = ["is required: a .tsv or .csv file with a header row, or a .parquet file."];
            return null;
        }
        if (file.Content.Length == 0)
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
