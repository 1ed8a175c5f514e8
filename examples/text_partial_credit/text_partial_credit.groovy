// A text task scored with partial credit: the capital (0.5), the currency (0.3) and the answer's
// format (0.2) each count for their share. The data is a CSV file.
environment('capitals') {
    dataset csv('data/countries.csv')
    system 'Answer in exactly this format: Capital: <city>; Currency: <currency>'
    prompt { item -> "What is the capital of ${item.country}, and what is its currency?" }
    group 3

    weights capital: 0.5, currency: 0.3, format: 0.2
    reward { item, result ->
        def text = result.finalText()
        def m = text =~ /^Capital: (.+); Currency: (.+)$/
        parts capital:  text.toLowerCase().contains(item.capital.toLowerCase()),
              currency: text.toLowerCase().contains(item.currency.toLowerCase()),
              format:   m.matches()
    }

    // Sample 0 answers right, sample 1 right but in prose, sample 2 names the wrong city.
    model scripted {
        switch (sample % 3) {
            case 0: return say("Capital: ${item.capital}; Currency: ${item.currency}")
            case 1: return say("The capital is ${item.capital} and people pay in ${item.currency}.")
            default: return say("Capital: Springfield; Currency: ${item.currency}")
        }
    }
}
