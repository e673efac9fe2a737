using FedBpt.E2E.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FedBpt.E2E.Tests;

/// <summary>The Models &amp; data page in a real browser: the catalog, and a custom task uploaded through the form.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelsAndDataTests(BrowserApp browser)
{
    private const string Reviews =
        "review\tsentiment\n" +
        "a delight from start to finish\tpos\nwarm , funny and smart\tpos\nbeautifully acted\tpos\na triumph\tpos\n" +
        "a tedious mess\tneg\ndull and lifeless\tneg\nbadly acted\tneg\na failure\tneg\n";

    [Fact]
    public async Task The_page_lists_the_tiny_model_with_its_size_and_the_built_in_tasks_with_their_splits()
    {
        await using var page = await browser.OpenAsync(nameof(The_page_lists_the_tiny_model_with_its_size_and_the_built_in_tasks_with_their_splits));
        await page.GotoAsync("/models");

        await Expect(page.Page).ToHaveTitleAsync("Models & data · FedBpt");
        var tiny = page.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tiny-roberta-mlm" });
        await Expect(tiny).ToContainTextAsync("present");
        await Expect(tiny.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("RoBERTa"); // family
        await Expect(tiny.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("byte-level BPE"); // tokenizer
        await Expect(tiny.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("4"); // layers
        await Expect(tiny).ToContainTextAsync("50,265");
        var minilm = page.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "minilm-mlm" });
        await Expect(minilm.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("BERT");
        await Expect(minilm.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("WordPiece");
        var sst2 = page.Page.GetByLabel("Task sst2");
        await Expect(sst2).ToContainTextAsync("67,349 rows");
        await Expect(sst2.GetByRole(AriaRole.Img)).ToHaveCountAsync(2); // a label-balance bar per split
        await Expect(page.Page.GetByLabel("Task dbpedia")).ToContainTextAsync("No data files found");
        await page.ScreenshotAsync("models and data");

        page.AssertNoProblems();
    }

    [Fact]
    public async Task A_custom_task_uploaded_through_the_form_is_listed_and_can_be_deleted()
    {
        await using var page = await browser.OpenAsync(nameof(A_custom_task_uploaded_through_the_form_is_listed_and_can_be_deleted));
        await page.GotoAsync("/models");
        await page.WaitForInteractiveAsync(page.Button("Register task"));

        await page.SetFileAsync(page.Page.Locator("#train-file"), new FilePayload
        {
            Name = "reviews.tsv",
            MimeType = "text/tab-separated-values",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Reviews),
        }, page.Page.GetByLabel("Chosen training file").GetByText("reviews.tsv"));
        // The header's columns are offered, and the obvious ones picked; the label editor lists the file's labels.
        await Expect(page.Field("Class 0 label")).ToHaveValueAsync("neg");
        await Expect(page.Field("Class 1 label")).ToHaveValueAsync("pos");
        await page.SelectAsync("Text A column", "sentiment");
        await page.SelectAsync("Text A column", "review");

        await page.Field("Task name").FillAsync("E2E-Reviews");
        await page.Field("Template").FillAsync("{text_a} It was <mask> .");
        await page.Field("Class 0 word").FillAsync("bad");
        await page.Field("Class 1 word").FillAsync("fantabulousness");
        await page.ScreenshotAsync("form filled");
        await page.Button("Register task").ClickAsync();
        // Not one token in the vocabulary: the error is shown at the labels, and nothing is stored.
        await Expect(page.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "'fantabulousness' (label 'pos') is not one token" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("word error");
        await Expect(page.Page.GetByLabel("Task e2e-reviews")).ToHaveCountAsync(0);

        await page.Field("Class 1 word").FillAsync("great");
        await page.Button("Register task").ClickAsync();
        await Expect(page.Snackbar("Registered 'e2e-reviews': 8 training rows.")).ToBeVisibleAsync();
        var card = page.Page.GetByLabel("Task e2e-reviews");
        await Expect(card).ToContainTextAsync("uploaded");
        await Expect(card).ToContainTextAsync("From reviews.tsv");
        await Expect(card).ToContainTextAsync("8 rows");
        await page.ScreenshotAsync("registered");

        await card.GetByRole(AriaRole.Button, new() { Name = "Delete e2e-reviews" }).ClickAsync();
        var dialog = page.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("e2e-reviews and its files will be removed");
        await page.ScreenshotAsync("confirm delete", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Snackbar("Deleted 'e2e-reviews'.")).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);

        page.AssertNoProblems();
    }
}
