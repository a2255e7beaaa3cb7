### Every sentence supportbot says, in English. The ids are the variants of `Msg` in
### src/i18n.rs with the arguments it declares; the loader refuses a missing or unknown id, a
### blank message, and an argument the code does not pass. How to add a message: data/README.md.
### The sentences themselves are the project's own.

error-title = That did not work
error-not-a-command = Commands start with `/`. Type `/help` to see them all.
error-unknown-command = There is no command { $given }. Try one of: { $commands }.
error-did-you-mean = Did you mean { $suggestion }?
error-unknown-option = /{ $command } has no option { $given }. Its options are: { $options }.
error-missing-option = /{ $command } needs `{ $option }`. Type it like this: `{ $usage }`
error-nothing-to-change = /{ $command } needs at least one setting to change: { $options }.
error-duplicate-option = `{ $option }` is given twice. Give it once.
error-option-syntax = { $given } is not an option. Write options as `name:value`, with quotes around values that contain spaces: `at:"2026-11-20 16:30"`.
error-unbalanced-quote = A quote is not closed. Close it, e.g. `timezone:"America/New_York"`.
error-invalid-value = { $given } is not a valid `{ $option }`. { $expected }
error-empty-value = `{ $option }:` needs a value after the colon. { $expected }
error-too-long = `{ $option }` is too long: at most { $max } characters.
error-forbidden-char = `{ $option }` contains the invisible or control character { $char } (a direction change, zero-width space, control or line separator), which could hide or rearrange text. Type the text again without it; names and titles are one line.
error-unknown-country = There is no holiday calendar for { $given }. Use one of { $known } (a country, or a subdivision such as `GB-ENG`, `US-CA`), or `none` for no national holidays.
error-out-of-range = That date is outside the range the clock can compute (the time-zone data covers { $first } to { $last }). Use a date between the years { $first } and { $last }.
error-due-after-range = The deadline falls after { $last }, beyond the time-zone data the clock counts with ({ $first } to { $last }), so it cannot be computed; the submission instant itself is within range. Give an earlier submission instant.
error-after-range = The answer falls after { $last }, beyond the time-zone data the clock counts with ({ $first } to { $last }), so it cannot be computed. Ask about an earlier instant.
error-range-backwards = The start date { $from } is after the end date { $to }. Give `from` on or before `to`, e.g. `from:2026-11-01 to:2026-11-30`.
expect-plan = Use one of: { $values }.
expect-plans = Use plans separated by commas, e.g. `{ $example }`; plans are { $values }.
expect-priority = Use one of: `p1`, `p2`, `p3`, `p4`.
expect-region = Use one of: { $values }.
expect-timezone = Use an IANA time zone name, e.g. `Europe/London`, `America/New_York`, `Asia/Taipei`.
expect-country = Use a two-letter country code such as `US`, `GB`, `JP`, a subdivision code such as `GB-ENG`, `GB-SCT`, `AU-NSW`, `US-CA`, or `none` for no national holidays.
expect-instant = Use a date and time such as `2026-11-20 16:30` (in the calendar's time zone) or `2026-11-20T16:30:00Z`.
unit-days = { $n } d
unit-hours = { $n } h
unit-minutes = { $n } min
unit-seconds = { $n } s
weekdays = Mon Tue Wed Thu Fri Sat Sun
months = Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
date-format = { $weekday } { $day } { $month } { $year }
language-en = English
language-zh-tw = Traditional Chinese
language-ja = Japanese
paid = Paid support plan.
included = Included with your subscription at no extra cost.
hours-business = Business hours
hours-24x5 = 24x5
calendar-24x7 = 24x7
calendar-24x5 = 24x5
calendar-business-hours = business hours
calendar-business-days = business days
amount-minutes = { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }
amount-hours = { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    }
amount-days = { $n ->
        [one] { $n } day
       *[other] { $n } days
    }
entitlements-title = { $plan }: what is included
compare-title = Support plans side by side
compare-across-families = These plans belong to different families ({ $families }), which list different entitlements, so they are compared by their initial response targets only.
compare-other-family = Also: { $family }, compared with { $command }
compare-repeated = { $plans } { $count ->
        [one] was named more than once and is shown once.
       *[other] were named more than once and are shown once each.
    }
slo-title = Service level targets: initial response
slo-definitions = Priorities
hours-title = Support hours
hours-local = { $opens }–{ $closes } local time ({ $zone }), Monday to Friday except holidays
hours-open-now = Open now
hours-closed-now = Closed now
hours-holiday-today = Today is a holiday: { $holiday }
hours-weekend-today = Today is a weekend day
hours-day-open = { $date }: open { $opens }–{ $closes }
hours-day-closed = { $date }: closed ({ $reason })
hours-days-off-after = Also without business hours that week:
hours-day-counting = Still counted that day: { $targets }
hours-every-plan = every plan
hours-day-target = { $priority } { $calendar } ({ $plans })
hours-next-open = Opens { $when }
hours-next-close = Closes { $when }
hours-no-holiday-data = ⚠ The holiday calendar does not cover these dates: a national holiday may be shown as a business day.
hours-languages = Languages: { $languages }
due-title = Initial response due
due-at = The first response is due { $when }.
due-target = Target
due-submitted = Submitted
due-calendar = Calendar
due-holidays-from = holidays of { $country }
due-no-holidays = no national holidays
due-segments = Time counted
due-skipped = Days skipped
due-weekend = weekend
due-holiday = holiday: { $holiday }
due-extra-holiday = non-business day added for this calculation
due-skipped-day = the time zone skipped this date
due-starts-at-opening = Submitted outside counted time: the clock started at the next opening.
due-no-holiday-data = The holiday calendar does not cover every year crossed: holidays in those years were not skipped.
features-title = { $plan }: features
features-all-title = Features of each plan
features-none = The page describes no features of its own for { $plan }. See `/entitlements plan:{ $id }` for what it includes.
features-more = Type `/features plan:business` (or another plan) for the descriptions.
resources-title = Resources
help-title = supportbot commands
help-intro = Ask about support plans, hours and response targets. Options are written `name:value`.
help-entitlements = Everything a plan includes.
help-compare = Plans side by side.
help-slo = Initial-response targets and what each priority means.
help-hours = Support hours per region, and whether support is open now.
help-due = When the first response to a case is due, and why.
help-features = The features of each plan.
help-resources = Learning, status and terms pages.
help-support-urgent = Production down: how to get Priority 1 help now.
help-support-coverage = Weekends, nights and holidays: when each priority is answered.
help-support-escalation = How to escalate a case, and which plans include Escalation Management.
help-support-phone = Phone support: which plans include it.
help-support-products = Products: which ones the support pages name, and what differs for one.
## The sentences of /support. Facts: support-programme.md §3 ("P1: 24x7x365 by phone or online
## case. P2–P4: during regional business hours; Business plan customers may also phone in P2–P4"),
## §5 (Online Support: phone support for P1 24x7x365); the per-plan values come from plans.toml
## and targets.toml.

support-urgent-title = Production down? Get Priority 1 help
support-urgent-status = Known outages and maintenance are posted there as they happen; subscribe there for e-mail updates. If yours is not listed, file it as P1.
support-urgent-text = A Priority 1 issue can be reported at any time, every day of the year, by phone or as an online case, on every plan. File it as P1 so its clock starts now.
support-coverage-title = When support is available
support-coverage-text = Each priority's response clock runs on its own calendar: 24x7 counts every hour of every day; 24x5 counts Monday to Friday; business hours and business days count only your region's opening hours on business days (Monday to Friday, except holidays).
support-escalation-title = Escalating a case
support-escalation-text = Plans with Escalation Management can escalate an open case: your escalation contact, or your Account Support Lead, is told, and the most urgent open requests get priority.
support-phone-title = Phone support
support-phone-text = Priority 1 issues can be phoned in at any time on every plan. Live telephone support for other priorities, during your region's business hours, comes with the plans marked ✔.
support-next = What to type
support-products-title = Products
support-products-text = Support covers the Adobe Experience Cloud products under your contract. Each plan's targets, hours and entitlements are the same for every product, except where a product's notes below say otherwise. The support pages name these products (not a complete list):
support-product-unknown = { $product } is not among the products the support pages name. Support covers the Adobe Experience Cloud products under your contract: ask your account team whether it is one of them.
support-product-as-written = The plans' targets, hours and entitlements apply as written.
support-product-language-excluded = { $region }: no support in { $language }.
help-help = This list.
console-welcome = supportbot console. Type a command such as `/hours region:japan`, or `/help`. Ctrl-D quits.
console-speaking-as = You are now speaking as { $role }, user { $user }.
console-as-usage = Type `/as admin`, `/as agent` or `/as customer`, optionally followed by a user id: `/as customer 42`.
ask-try-as = To try this with `supportbot ask`, add `--as { $role }` after `ask`.
console-try-as = To try this in the console, type `/as { $role }` first.
console-small-talk = I answer questions about support plans, support hours and response deadlines: ask, for example, “what are your support hours in Japan”, or type `/help` to see the commands.
relative-future = in { $duration }
relative-now = now
list-separator = ,{ " " }
relative-past = { $duration } ago
expect-date = Use a date such as `2026-11-20`.
expect-org = Use an organisation id such as `acme-corp` (letters, digits and hyphens). `/org list` shows them.
expect-product = Use product ids such as `adobe-commerce` (letters, digits and hyphens), separated by commas.
expect-user = Use a user mention such as `<@123456789012345678>` or the numeric user id.
expect-case-id = Use a case id such as `CASE-000042`.
expect-status = Use one of: `open`, `responded`, `closed`.
expect-language = Use one of: `en`, `ja`, `zh-TW`.
expect-flag = Use `true` or `false`.
expect-page = Use a page number from 1.
expect-new-id = Use an id of letters, digits and hyphens, up to 40 characters, such as `acme-corp`.
expect-text = Use plain text without control characters.
error-no-store = Cases are not available here: the bot runs without its store.
error-store = The bot could not read or write its records, so nothing was recorded. This is not a mistake in what you typed: try again in a moment; if it keeps failing, tell an administrator.
error-damaged = The stored record { $key } is damaged and cannot be read; nothing was changed. Tell an administrator: `supportbot store check` lists every damaged record.
refuse-not-found = Nothing with that id is visible to you. `/case list` shows your cases and `/org list` your organisations.
refuse-agents-only = Only support agents can do this. Ask an agent in your support channel.
refuse-admins-only = Only administrators can do this.
refuse-not-a-contact = You are not a named support contact for this product. An agent can file the case for you, or an administrator can add you with `/contacts add`.
refuse-org-exists = An organisation already has this id. Give another with `id:`; `/org list` shows the ids in use.
refuse-org-id-taken = The organisation id `{ $id }` is already taken. Give another with `id:`, for example `id:{ $free }`; `/org show org:{ $id }` shows the organisation that has it.
refuse-route-region-mismatch = `{ $org }` ({ $name }) is in { $org_region }, not { $region }, and an organisation's route serves all its cases. Give `region:{ $org_region_id }` with `org:{ $org }`, or leave `org` out to set { $region }'s route.
refuse-case-numbers-exhausted = Every case number up to CASE-4294967295 has been used, so nothing was recorded. Tell an administrator: the store needs to be archived and started afresh.
refuse-unknown-product = { $product } is not one of this organisation's products. Use one of: { $products }.
refuse-submission-window = In the { $region } region, { $limited } cases can be submitted only during business hours ({ $opens }–{ $closes } local time). Support opens { $when }. { $anytime } cases can be filed at any time.
refuse-today-closed = { $reason }.{ " " }
refuse-language = Support in the { $region } region is not given in { $language }. Use `language:` with one of: { $supported }.
refuse-language-excluded = { $product } has no { $language } support. File the case in English with `language:en`.
refuse-impact-required = A P1 case needs a business-impact statement: add `impact:"what is down and who is affected"`.
refuse-lower-customer = A customer can raise a case's priority but not lower it. To lower it, ask an agent in your support channel.
refuse-raise-step = A customer can raise a case one step at a time, from P4 to P3 or from P3 to P2. For a P1, contact support by phone or ask an agent.
refuse-raise-too-soon = A customer can raise a case's priority once in 24 hours. You can raise it again { $when }.
refuse-same-priority = The case already has this priority.
refuse-no-escalation = { $plan } does not include Escalation Management. It includes: { $offered }. For urgent production issues, raise the case's priority or file a P1.
refuse-already-responded = The initial response was already recorded { $when }.
refuse-closed = The case is closed. `/case reopen` opens it again.
refuse-not-closed = The case is not closed.
refuse-contact-limit = { $plan } allows { $limit } named support { $limit ->
        [one] contact
       *[other] contacts
    } for { $product }, and all are taken. Remove one with `/contacts remove` first, or move to a plan with more.
refuse-already-contact = This user is already a named support contact for this product.
refuse-not-contact = This user is not a named support contact for this product. `/contacts list` shows who is.
refuse-plan-over-limit = The organisation has more named contacts than { $plan } allows. Remove these first with `/contacts remove`:
refuse-plan-over-limit-line = • { $product }: { $count } { $count ->
        [one] contact
       *[other] contacts
    }, limit { $limit } — { $users }
help-org-add = Add a customer organisation (admins).
help-org-show = An organisation's plan, region, calendar and contacts.
help-org-set = Change an organisation's settings (admins); every change is audited.
help-org-list = The organisations you can see.
help-contacts-add = Add a named support contact for a product (agents).
help-contacts-remove = Remove a named support contact (agents).
help-contacts-list = An organisation's named support contacts per product.
help-case-file = File a support case; its initial-response clock starts now.
help-case-show = One case with its due time and history.
help-case-list = Cases sorted by due time, ten per page.
help-case-respond = Record the initial response (agents); says whether the target was met.
help-case-note = Add a note to a case.
help-case-priority = Change a case's priority; the due time is computed again.
help-case-escalate = Escalate a case (plans with Escalation Management).
help-case-close = Close a case.
help-case-reopen = Reopen a closed case.
help-stats = Initial-response targets met, per priority and region (agents).

## Slash commands as Discord shows them: a group's description (help-<group>), the localized
## name of each command (command-<path>) and option (option-<name>), whose English text is the
## name itself, and each option's description (about-…). `supportbot commands validate` checks them.
help-case = Support cases and their initial-response deadlines
help-contacts = Named support contacts per product
help-org = Customer organisations: plan, region, calendar, contacts
help-reminders = Reminders before cases are due (admins)
help-support = How to get help: urgent issues, coverage, escalation, phone support and products.
command-case = case
command-case-close = close
command-case-escalate = escalate
command-case-file = file
command-case-list = list
command-case-note = note
command-case-priority = priority
command-case-reopen = reopen
command-case-respond = respond
command-case-show = show
command-compare = compare
command-contacts = contacts
command-contacts-add = add
command-contacts-list = list
command-contacts-remove = remove
command-due = due
command-entitlements = entitlements
command-features = features
command-help = help
command-hours = hours
command-org = org
command-org-add = add
command-org-list = list
command-org-set = set
command-org-show = show
command-reminders = reminders
command-reminders-set = set
command-reminders-show = show
command-resources = resources
command-slo = slo
command-stats = stats
command-support = support
command-support-coverage = coverage
command-support-escalation = escalation
command-support-phone = phone
command-support-products = products
command-support-urgent = urgent
option-account-support-lead = account-support-lead
option-apply-to-open = apply-to-open
option-at = at
option-breaching = breaching
option-channel = channel
option-country = country
option-description = description
option-escalation-contact = escalation-contact
option-from = from
option-date = date
option-id = id
option-impact = impact
option-language = language
option-name = name
option-new-id = id
option-note = note
option-oncall-role = oncall-role
option-org = org
option-page = page
option-plan = plan
option-plans = plans
option-priority = priority
option-product = product
option-products = products
option-reason = reason
option-region = region
option-requester = requester
option-role = role
option-status = status
option-text = text
option-timezone = timezone
option-title = title
option-to = to
option-user = user
about-account-support-lead = The Account Support Lead (Business Support)
about-apply-to-open = Also move open cases to the new terms (default: only new cases)
about-at = When the case was filed: 2026-11-20 16:30 or RFC 3339 (default: now)
about-breaching = Only cases past their due time
about-case-id = The case id, e.g. CASE-000042
about-channel = Where the reminders are posted
about-country = Whose holidays apply: a country (JP) or subdivision (GB-SCT) code, or none
about-description = What happened, and what you expected
about-escalation-contact = Who hears of escalations and missed targets
about-from = First day, YYYY-MM-DD (default: 30 days ago)
about-date = The day to answer for, YYYY-MM-DD (default: now)
about-impact = The business impact (required for P1)
about-language-file = The case's language (default: yours, where the region supports it)
about-language-set = The reminders' language (default: English)
about-name = The organisation's name
about-new-id = The id to use in commands (default: from the name, or org-N)
about-note = A note on the response
about-oncall-role = Pinged for a P1 while another region is closed
about-org = The organisation id, e.g. acme-corp
about-org-cases = Only this organisation's cases
about-org-filter = Only this organisation
about-org-reminders = Only this organisation's cases (default: the whole region)
about-org-yours = The organisation id (default: yours, when you are a contact of one)
about-page = Page number, from 1
about-plan = The support plan
about-plan-all = The support plan (default: all)
about-plan-new = The new support plan
about-plans = Plans to compare, e.g. business,elite (default: all four)
about-priority = Case priority, P1 (critical) to P4
about-priority-all = Case priority (default: all)
about-priority-filter = Only cases of this priority
about-priority-new = The new priority
about-product = The product id, e.g. adobe-commerce
about-product-filter = Only this product
about-products = Product ids separated by commas
about-reason-escalate = Why the case needs escalation
about-reason-priority = Why the priority changes
about-region = The support region
about-region-all = The support region (default: all)
about-region-filter = Only this region
about-region-new = The new support region
about-region-reminders = The region whose cases are reminded
about-requester = The customer who asked (default: you)
about-role = The team role the reminders ping
about-status = Case status (default: open)
about-text = The note
about-timezone = An IANA time zone, e.g. Asia/Taipei (default: the region's)
about-timezone-show = Show times in this IANA time zone, e.g. Asia/Taipei
about-title = A short summary of the problem
about-to = Last day, YYYY-MM-DD (default: today)
about-user = The named support contact

org-default = region default
org-plan = Plan
org-region = Region
org-timezone = Time zone
org-country = Holidays
org-products = Products
org-escalation-contact = Escalation contact
org-account-support-lead = Account Support Lead
org-contacts = Named support contacts
org-audit = Latest changes
org-added = Organisation { $name } added with the id `{ $org }`: use `org:{ $org }` in commands.
org-updated = Organisation `{ $org }` updated.
org-unchanged = Nothing changed: organisation `{ $org }` already has these settings.
org-open-cases-keep-terms = { $n ->
        [one] { $n } open case keeps the terms it was filed under; new cases get the new ones. To move the open case too, add `apply-to-open:true`.
       *[other] { $n } open cases keep the terms they were filed under; new cases get the new ones. To move the open cases too, add `apply-to-open:true`.
    }
org-open-cases-moved = { $n ->
        [one] { $n } open case moved to the new terms; its due time was computed again from submission and noted in its history.
       *[other] { $n } open cases moved to the new terms; their due times were computed again from submission and noted in their history.
    }
org-moved-title = New due times
org-moved-case = `{ $case }` due { $when } (was { $before })
org-moved-case-same = `{ $case }` due { $when } (unchanged)
org-moved-more = { $n ->
        [one] …and { $n } more: `/case list org:{ $org }` shows it.
       *[other] …and { $n } more: `/case list org:{ $org }` shows them.
    }
org-list-title = Organisations
org-list-empty = No organisations to show. An administrator adds them with `/org add`.
contacts-title = Named support contacts
contacts-added = { $user } is now a named support contact of `{ $org }` for `{ $product }` ({ $count } of { $limit }).
contacts-removed = { $user } is no longer a named support contact of `{ $org }` for `{ $product }` ({ $count } of { $limit }).
contacts-limit = { $plan } allows { $limit } named support { $limit ->
        [one] contact
       *[other] contacts
    } per product.
case-filed = Recorded as { $case }. The first response is due { $when }.
case-holiday-on-way = { $date } is a holiday ({ $holiday })
case-met = Target met with { $margin } to spare ({ $calendar }; { $wall } wall-clock).
case-missed = Target missed by { $margin } ({ $calendar }; { $wall } wall-clock).
status-open = Open, waiting for the first response
status-responded = Responded
status-closed = Closed
event-filed = filed
event-note = note: { $text }
event-responded = initial response
event-responded-note = initial response: { $text }
event-priority = priority { $from } → { $to } ({ $reason })
event-escalated = escalated: { $reason }
event-closed = closed
event-reopened = reopened
event-reopened-due = reopened; the first response is now due { $when }
event-terms = moved to the organisation's new terms ({ $from } → { $to }); due computed again from submission: now { $when }
case-org = Organisation
case-product = Product
case-priority = Priority
case-status = Status
case-language = Language
case-requester = Requester
case-submitted = Submitted
case-due = First response due
case-response = Initial response
case-impact = Business impact
case-description = Description
case-history = History
case-list-title = Cases · page { $page }
case-list-empty = No cases match.
case-list-more = More on the next page: `page:{ $next }`.
case-list-met = target met
case-list-missed = target missed
case-list-closed-unanswered = closed without response
case-list-met-as = target met as { $priority }
case-list-missed-as = target missed as { $priority }
case-responded = Initial response to { $case } recorded; its clock has stopped.
case-noted = Note added to { $case }.
case-priority-changed = { $case } is now { $priority }. Counted from the original submission, the first response is due { $when }.
case-priority-changed-responded = { $case } is now { $priority }. Its first response was already given, so nothing is due; the verdict, measured against the target in force then, stands: { $verdict }
case-escalated = { $case } escalated; a notice to { $channel } pings { $user }.
case-escalated-no-channel = { $case } escalated, but no reminder channel is set for its region, so nobody was notified. An administrator can set one with `/reminders set`; the notice is sent once one is.
case-escalated-ask = { $case } escalated. No reminder channel is set for its region, so the notice prints the next time the console (`supportbot`) or `supportbot run --no-chat` runs on this store; on Discord it waits until an administrator runs `/reminders set`.
case-escalated-console = { $case } escalated. No reminder channel is set for its region, so the notice prints here in the console; on Discord it waits until an administrator runs `/reminders set`.
case-escalated-no-contact = { $case } escalated; a notice to { $channel } pings { $role }, as `{ $org }` has no escalation contact or Account Support Lead (an administrator can set one with `/org set`).
case-closed = { $case } closed.
case-reopened = { $case } reopened.
case-reopened-due = { $case } reopened; its first response is now due { $when }.
stats-title = Initial-response targets
stats-range = Cases submitted { $from } – { $to }
stats-empty = No case in this range has an outcome yet.
stats-met = { $met } of { $total } met
stats-lateness = late in the target's own time: median { $median }, worst { $worst } (wall-clock: median { $median_wall }, worst { $worst_wall })
stats-closed-unanswered = { $n } closed without response
chart-title = Initial responses on target, per week
chart-range = Cases submitted { $from } – { $to } (UTC days)
chart-region = Region: { $region }
chart-org = Organisation: { $org }
chart-week = Week starting
chart-share = Met (%)
chart-target = Target { $percent }%
file-unwritable = Cannot write { $file } ({ $reason }). Try again, or give a path in another directory you may write to.
file-unwritable-no-directory = Cannot write { $file }: { $dir } is not an existing directory. Create it first (`mkdir -p { $dir }`) or give a path in an existing directory.
file-unwritable-not-directory = Cannot write { $file }: part of its path is a file, not a directory. Give a path whose directories all exist.
file-unwritable-denied = Cannot write { $file }: you may not write there. Give a path you may write to, such as one in your home directory, or ask for write access.
file-unwritable-read-only = Cannot write { $file }: its disk is read-only. Give a path on another disk, such as one in your home directory.
file-unwritable-directory = Cannot write { $file }: it is a directory. Add a file name to the end of the path.
file-unwritable-exists = Cannot write { $file }: a file of that name already exists. Remove it or give another name.
file-unwritable-full = Cannot write { $file }: its disk is full. Free some space on it, or give a path on another disk.
cli-stats-unknown-org = no organisation has the id { $org }. `supportbot ask --as admin "/org list"` lists them; give one of those ids, or leave out --org for every organisation.
error-missing-subcommand = /{ $group } needs a subcommand: { $subcommands }. Type one of them, e.g. `{ $example }`; `/help` shows them all with their options.
error-unknown-subcommand = /{ $group } has no subcommand { $given }. Its subcommands are: { $subcommands }.
reminder-header = Initial-response reminders ({ $count } { $count ->
        [one] case
       *[other] cases
    })
reminder-used = { $percent }% of the target used
reminder-before = due in { $minutes } min
reminder-breach = target breached
reminder-escalation = breached: escalation notice
reminder-escalated = escalated: escalation notice
reminder-escalated-by-customer = escalated by the customer { $by }: { $reason }
reminder-escalated-by-support = escalated by support ({ $by }): { $reason }
reminder-offline = missed while the bot was offline
reminder-left = { $duration } left
reminder-overdue = overdue by { $duration }
expect-channel = Use a channel mention such as `<#123456789012345678>` or the numeric channel id.
expect-role = Use a role mention such as `<@&123456789012345678>` or the numeric role id.
help-reminders-set = Send a region's (or one organisation's) reminders to a channel and ping a role (admins).
help-reminders-show = Where reminders go, and what is waiting (admins).
reminders-title = Reminder routing
reminders-set = Reminders for { $target } now go to { $channel }, pinging { $role }.
reminders-none = No channel is set: reminders wait until an administrator runs `/reminders set`.
reminders-none-ask = No channel is set: the console (`supportbot`) and `supportbot run --no-chat` print every reminder as it fires; on Discord, reminders wait until an administrator runs `/reminders set`.
reminders-none-console = No channel is set: this console prints every reminder as it fires; on Discord, reminders wait until an administrator runs `/reminders set`.
reminders-route = { $channel } · pings { $role } · { $language }
reminders-oncall = on call for P1 cases of closed regions: { $role }
reminders-queue = Planned: { $planned } · fired, not yet composed: { $outbox } · messages waiting: { $messages } · set aside: { $rejected }
