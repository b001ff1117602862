package io.cosell.emulator.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cosell.emulator.http.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Reference and sample records with stable ids (the same on every start): the transaction currencies every
 * environment has, and for {@link DataverseEmulator#seed()} a few customer accounts with two-letter
 * {@code address1_country} codes and postal codes, a contact at each, and a solution catalogue.
 * Seeding skips records that exist, so it can run repeatedly.
 */
final class SampleData {

    private record Currency(String iso, String name, String symbol, String rate) {
    }

    private record Company(String name, String line1, String city, String postalCode, String country,
                           String firstName, String lastName, String email) {
    }

    private record Solution(String id, String name, String type, String publisher) {
    }

    private static final List<Currency> CURRENCIES = List.of(
            new Currency("USD", "US Dollar", "$", "1.0"),
            new Currency("EUR", "Euro", "€", "0.92"),
            new Currency("GBP", "Pound Sterling", "£", "0.79"),
            new Currency("PLN", "Polish Zloty", "zł", "3.95"),
            new Currency("CZK", "Czech Koruna", "Kč", "23.1"),
            new Currency("JPY", "Yen", "¥", "151.0"),
            new Currency("CHF", "Swiss Franc", "CHF", "0.88"),
            new Currency("CAD", "Canadian Dollar", "CA$", "1.36"),
            new Currency("AUD", "Australian Dollar", "A$", "1.52"),
            new Currency("INR", "Indian Rupee", "₹", "83.3"));

    private static final List<Company> COMPANIES = List.of(
            new Company("Contoso Ltd", "One Microsoft Way", "Redmond", "98052", "US", "Ana", "Bowman",
                    "ana.bowman@contoso.example"),
            new Company("Fabrikam GmbH", "Unter den Linden 1", "Berlin", "10117", "DE", "Jonas", "Weber",
                    "jonas.weber@fabrikam.example"),
            new Company("Northwind Traders Ltd", "10 Downing Street", "London", "SW1A 2AA", "GB", "Olivia", "O'Brien",
                    "olivia.obrien@northwind.example"),
            new Company("Adatum Sp. z o.o.", "ul. Marszałkowska 1", "Warszawa", "00-624", "PL", "Piotr", "Nowak",
                    "piotr.nowak@adatum.example"),
            new Company("Tailspin Toys s.r.o.", "Václavské náměstí 1", "Praha", "110 00", "CZ", "Jana", "Nováková",
                    "jana.novakova@tailspin.example"));

    private static final List<Solution> SOLUTIONS = List.of(
            new Solution("SOL-15974-MQF", "Contoso Cloud Migration Factory", "Name", "Contoso Partners"),
            new Solution("SOL-20481-XKA", "Data Estate Modernization on Azure", "Name", "Contoso Partners"),
            new Solution("SOL-33107-PLM", "Dynamics 365 Sales Accelerator", "Name", "Contoso Partners"),
            new Solution("SOL-41230-ZTR", "Secure Hybrid Workplace", "Name", "Contoso Partners"));

    /** The organization's base currency (the first reference currency, exchange rate 1). */
    private static final String BASE_CURRENCY = "USD";

    private SampleData() {
    }

    /** The id of the organization's base currency, which new records get when they bind no currency. */
    static UUID baseCurrency() {
        return id("transactioncurrency", BASE_CURRENCY);
    }

    /** The stable id of a sample or reference record. */
    static UUID id(String table, String naturalKey) {
        return UUID.nameUUIDFromBytes((table + ":" + naturalKey).getBytes(StandardCharsets.UTF_8));
    }

    static void currencies(DataverseStore store) {
        EntityDefinition currencies = store.schema().require("transactioncurrencies");
        for (Currency c : CURRENCIES) {
            ObjectNode body = Json.object();
            body.put("isocurrencycode", c.iso());
            body.put("currencyname", c.name());
            body.put("currencysymbol", c.symbol());
            body.put("exchangerate", new java.math.BigDecimal(c.rate()));
            put(store, currencies, id("transactioncurrency", c.iso()), body);
        }
    }

    static void customers(DataverseStore store) {
        EntityDefinition accounts = store.schema().require("accounts");
        EntityDefinition contacts = store.schema().require("contacts");
        for (Company c : COMPANIES) {
            UUID accountId = id("account", c.name());
            ObjectNode account = Json.object();
            account.put("name", c.name());
            account.put("address1_line1", c.line1());
            account.put("address1_city", c.city());
            account.put("address1_postalcode", c.postalCode());
            account.put("address1_country", c.country());
            put(store, accounts, accountId, account);
            ObjectNode contact = Json.object();
            contact.put("firstname", c.firstName());
            contact.put("lastname", c.lastName());
            contact.put("emailaddress1", c.email());
            contact.put("parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")");
            put(store, contacts, id("contact", c.email()), contact);
        }
    }

    static void solutionCatalogue(DataverseStore store) {
        if (store.schema().entitySet("cosell_solutiondetails").isEmpty()) {
            return; // a CRM without the connector's schema has no catalogue table yet
        }
        EntityDefinition details = store.schema().require("cosell_solutiondetails");
        for (Solution s : SOLUTIONS) {
            ObjectNode body = Json.object();
            body.put("cosell_solutionid", s.id());
            body.put("cosell_name", s.name());
            body.put("cosell_type", s.type());
            body.put("cosell_publisher", s.publisher());
            put(store, details, id("cosell_solutiondetails", s.id()), body);
        }
    }

    /** Creates the record unless it exists already (seeding never overwrites what a test changed). */
    private static void put(DataverseStore store, EntityDefinition entity, UUID id, ObjectNode body) {
        if (store.find(entity, new RecordKey.Primary(id)).isEmpty()) {
            body.put(entity.primaryKey(), id.toString());
            store.create(entity, body);
        }
    }
}
