package io.jobhistory.examples.spring;

import io.jobhistory.recorder.RunContext;
import io.jobhistory.spring.boot.RecordedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/**
 * The seed's stock jobs as plain {@code @Scheduled} methods. Each run is recorded by the starter; the methods report
 * which symbols were fetched and which failed through {@link RunContext#current()}.
 */
@Component
public class StockJobs {

    private static final Logger log = LoggerFactory.getLogger(StockJobs.class);

    private final QuoteProvider quotes;

    StockJobs(QuoteProvider quotes) {
        this.quotes = quotes;
    }

    /** Every few seconds (stocks.interval, default 5s) for the demo; "0 0 6 * * *" in real life. */
    @Scheduled(fixedRateString = "${stocks.interval:5s}")
    @RecordedJob(id = "daily-aapl", name = "Daily AAPL")
    public void dailyAapl() {
        fetch(List.of("AAPL"));
    }

    /** Three tech stocks; GOOGL often times out, so runs are often partial successes. */
    @Scheduled(fixedDelayString = "${stocks.interval:5s}", initialDelayString = "1s")
    @RecordedJob(id = "tech-stocks", name = "Tech stocks")
    public void techStocks() {
        fetch(List.of("AAPL", "MSFT", "GOOGL"));
    }

    /** Penny stocks, which fail more often than not. */
    @Scheduled(fixedRateString = "${stocks.interval:5s}", initialDelayString = "2s")
    @RecordedJob(id = "penny-stocks", name = "Penny stocks")
    public void pennyStocks() {
        fetch(List.of("GRNQ", "ZVSA"));
    }

    /** Once a minute, recorded under its default id {@code StockJobs.portfolioReport}. */
    @Scheduled(cron = "0 * * * * *")
    public void portfolioReport() {
        log.info("Portfolio report written");
    }

    private void fetch(List<String> symbols) {
        RunContext context = RunContext.current().orElseThrow();
        context.totalItems(symbols.size());
        for (String symbol : symbols) {
            try {
                quotes.price(symbol);
                context.succeeded(symbol);
            } catch (IOException e) {
                context.failed(symbol, "Failed to fetch " + symbol + ": " + e.getMessage());
            }
        }
    }
}
