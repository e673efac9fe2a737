using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Datasets;

/// <summary>User-uploaded datasets, addressed by their unique name (the name experiment specs refer to).</summary>
public sealed class DatasetStore(IDbContextFactory<FedBptDbContext> factory, TimeProvider time)
{
    public async Task<int> AddAsync(NewDataset dataset, CancellationToken cancellationToken = default)
    {
        TextGuards.RequireText(dataset.Name, FieldLengths.Name, nameof(dataset.Name));
        TextGuards.RequireText(dataset.FileName, FieldLengths.FileName, nameof(dataset.FileName));
        TextGuards.RequireJsonObject(dataset.DefinitionJson, nameof(dataset.DefinitionJson));
        if (dataset.Content.Length == 0) throw new ArgumentException("The dataset file is empty.", nameof(dataset));
        ArgumentOutOfRangeException.ThrowIfLessThan(dataset.Rows, 1, nameof(dataset.Rows));
        if ((dataset.TestContent is null) != (dataset.TestRows is null))
            throw new ArgumentException("A test file and its row count come together.", nameof(dataset));
        if (dataset.TestContent is { Length: 0 }) throw new ArgumentException("The test file is empty.", nameof(dataset));

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The immediate transaction holds the write lock, so the name check and the insert cannot interleave.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Datasets.AnyAsync(d => d.Name == dataset.Name, cancellationToken))
            throw new DuplicateDatasetException(dataset.Name);

        var entity = new Dataset
        {
            Name = dataset.Name,
            FileName = dataset.FileName,
            Format = dataset.Format,
            Content = dataset.Content,
            DefinitionJson = dataset.DefinitionJson,
            Rows = dataset.Rows,
            TestContent = dataset.TestContent,
            TestRows = dataset.TestRows,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Datasets.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entity.Id;
    }

    public async Task<IReadOnlyList<UploadedDataset>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking()
            .OrderBy(d => d.Name)
            .Select(d => new UploadedDataset(d.Id, d.Name, d.FileName, d.Format, d.Rows, d.TestRows,
                d.Content.Length + (d.TestContent == null ? 0 : d.TestContent.Length), d.CreatedUtc))
            .ToListAsync(cancellationToken);
    }

    public async Task<Dataset?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AnyAsync(d => d.Name == name, cancellationToken);
    }

    /// <summary>
    /// Deletes the dataset unless a pending or running experiment names it as its task (then
    /// <see cref="DatasetInUseException"/>); false when there was no such dataset. The check and the delete are one
    /// immediate transaction, and an experiment on an uploaded dataset is inserted under the same lock
    /// (<see cref="Experiments.ExperimentStore.CreateAsync"/>), so a delete and a create cannot both succeed.
    /// </summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockDatasetAsync(name, exclusive: true, cancellationToken);
        var users = await db.Experiments.AsNoTracking()
            .Where(e => e.Task == name && (e.Status == ExperimentStatus.Pending || e.Status == ExperimentStatus.Running))
            .OrderBy(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
        if (users.Count > 0) throw new DatasetInUseException(name, users);
        var deleted = await db.Datasets.Where(d => d.Name == name).ExecuteDeleteAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
