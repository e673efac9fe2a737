namespace FedBpt.Web.Components.PlaygroundParts;

/// <summary>A few hand-written inputs per built-in task, to try a prompt without typing (pairs: first and second text).</summary>
public static class ExampleTexts
{
    public static (string[] A, string[]? B)? For(string task) => task switch
    {
        "sst2" or "yelpp" =>
        ([
            "a gripping, beautifully acted film that stays with you",
            "the plot is thin and the jokes fall flat",
            "not the worst movie of the year, but close",
            "an unexpectedly moving story told with restraint",
        ], null),
        "agnews" =>
        ([
            "The central bank raised interest rates by a quarter point on Tuesday, citing inflation.",
            "The striker scored twice as the home side came back to win the cup final.",
            "A new chip design promises faster phones with longer battery life.",
            "Leaders met in Geneva to discuss a ceasefire in the region.",
        ], null),
        "dbpedia" =>
        ([
            "Acme Corporation is an American manufacturer of consumer electronics founded in 1952.",
            "The Blue River is a tributary of the Colorado River in the western United States.",
        ], null),
        "mrpc" or "rte" or "snli" =>
        ([
            "A man is playing a guitar on stage.",
            "The company reported record profits this quarter.",
            "Two children are running through a field.",
        ],
        [
            "Someone is performing music.",
            "The company lost money this quarter.",
            "The kids are sitting indoors.",
        ]),
        _ => null,
    };
}
