"""From segment to won revenue in the browser (Playwright).

The sales manager sets up a sales cycle with activities on its stages; the marketer creates opportunities
from a campaign's segment with the first stage activated; the salesperson moves one to the next stage (its
task appears in My Tasks) and closes it Won; the campaign statistics then show the won value and the return.
The pipeline page is photographed at desktop and phone width.
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core.models import MarketingSetup
from opportunities.models import CloseOpportunityCode, SalesCycle
from tasks.models import Task, TaskType
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.interactions.factories import InteractionLogEntryFactory
from tests.opportunities.factories import CloseOpportunityCodeFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")


def add_stage(page, *, description: str, completed: str, chances: str, activity: str, formula: str) -> None:
    page.get_by_role("link", name="New Stage").click()
    page.get_by_label("Description").fill(description)
    page.get_by_label("Completed %").fill(completed)
    page.get_by_label("Chances of Success %").fill(chances)
    page.get_by_label("Activity Code").select_option(activity)
    page.get_by_label("Date Formula").fill(formula)


def test_campaign_story_from_segment_to_won_revenue(page, series, sales_manager, marketer, salesperson_user):
    # The machine is shared: give slow page loads some room before an expectation fails.
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    today = datetime.date.today()
    closing = today + datetime.timedelta(days=60)

    # The activities of the stages (through factories, as the task journey already drives the activity pages).
    first_call = ActivityFactory(code="FIRSTCALL", description="First call")
    ActivityStepFactory(activity=first_call, type=TaskType.PHONE_CALL, description="Intro call", date_formula="")
    proposal = ActivityFactory(code="PROPOSAL", description="Proposal")
    ActivityStepFactory(activity=proposal, description="Prepare proposal", date_formula="1W")
    CloseOpportunityCodeFactory(code="DEAL", description="Contract signed", type=CloseOpportunityCode.Type.WON)
    CloseOpportunityCodeFactory(code="PRICE", description="Too expensive", type=CloseOpportunityCode.Type.LOST)
    # Lena's salesperson, the campaign with a logged cost, and its segment of three contacts.
    lena = SalespersonFactory(code="LS", name="Lena Seller", user=salesperson_user)
    campaign = CampaignFactory(no="CP0100", description="Kitchen fair")
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal("500.00"), date=today)
    segment = SegmentFactory(no="SM0100", description="Kitchen fair visitors", campaign=campaign, salesperson=lena)
    for _ in range(3):
        SegmentLineFactory(segment=segment, campaign=campaign, salesperson=lena)

    # 1. The sales manager sets up the cycle: Setup → Sales Cycles → New, then two stages with activities.
    browser_login(page, "sam")
    page.get_by_role("link", name="Setup", exact=True).first.click()
    page.get_by_role("link", name="Sales Cycles").click()
    page.get_by_role("link", name="New", exact=True).click()
    page.get_by_label("Code").fill("kitchen")
    page.get_by_label("Description").fill("Kitchen projects")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_test_id("message")).to_contain_text("Sales Cycle KITCHEN has been created. Add its stages.")

    add_stage(page, description="Qualify", completed="20", chances="40", activity="FIRSTCALL", formula="2w")
    expect(page.locator("#id_stage")).to_have_value("1")
    expect(page.locator("#id_date_formula-preview")).to_contain_text("2W from")
    page.screenshot(path=page.artifacts_dir / "1-stage-1.png", full_page=True)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_test_id("message")).to_contain_text("Stage 1 of Sales Cycle KITCHEN has been created.")
    add_stage(page, description="Proposal", completed="60", chances="70", activity="PROPOSAL", formula="1m")
    expect(page.locator("#id_stage")).to_have_value("2")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_test_id("message")).to_contain_text("Stage 2 of Sales Cycle KITCHEN has been created.")
    rows = page.get_by_test_id("stage-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("FIRSTCALL")
    expect(rows.nth(0)).to_contain_text("2W")
    expect(rows.nth(1)).to_contain_text("PROPOSAL")
    page.screenshot(path=page.artifacts_dir / "2-cycle-card.png", full_page=True)
    log_out(page)
    # Default Sales Cycle Code is on the administrator's Marketing Setup page: set directly.
    setup = MarketingSetup.get()
    setup.default_sales_cycle = SalesCycle.objects.get(code="KITCHEN")
    setup.save()

    # 2. The marketer creates one opportunity per contact of the segment, first stage activated.
    browser_login(page, "mia")
    page.goto("/segments/SM0100/")
    page.get_by_role("link", name="Create Opportunity", exact=True).click()
    expect(page.get_by_role("heading", name="Create Opportunity")).to_be_visible()
    page.get_by_label("Description").fill("Kitchen refit")
    page.get_by_label("Sales Cycle Code").select_option("KITCHEN")
    page.get_by_label("Activate the First Stage.").check()
    page.get_by_label("Estimated Sales Value (LCY)").fill("10000")
    page.get_by_label("Chances of Success (%)").fill("50")
    page.get_by_label("Estimated Closing Date").fill(closing.isoformat())
    page.screenshot(path=page.artifacts_dir / "3-create-wizard.png", full_page=True)
    page.get_by_role("button", name="Next: preview").click()
    expect(page.get_by_test_id("preview-count")).to_have_text("3")
    expect(page.get_by_test_id("preview-first")).to_have_text("3 opportunity entries and 3 tasks")
    expect(page.get_by_test_id("segment-preview")).to_contain_text("LS")
    expect(page.get_by_test_id("segment-preview")).to_contain_text("CP0100")
    page.screenshot(path=page.artifacts_dir / "4-create-preview.png", full_page=True)
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_test_id("message")).to_contain_text(
        "3 opportunities have been created (OP0001..OP0003). 3 opportunity entries and 3 tasks were created."
    )
    listed = page.get_by_test_id("opportunities-opportunities-list").locator("tbody tr")
    expect(listed).to_have_count(3)
    for no in ("OP0001", "OP0002", "OP0003"):
        expect(page.get_by_test_id("opportunities-opportunities-list")).to_contain_text(no)
    expect(listed.first).to_contain_text("Kitchen refit")
    expect(listed.first).to_contain_text("KITCHEN")
    page.screenshot(path=page.artifacts_dir / "5-created-list.png", full_page=True)
    log_out(page)

    # 3. The salesperson moves OP0001 to the next stage; the stage's activity becomes her task.
    browser_login(page, "lena")
    page.goto("/opportunities/OP0001/")
    page.get_by_test_id("update").click()
    expect(page.get_by_test_id("current-stage")).to_contain_text("1 Qualify")
    page.get_by_test_id("action-types").get_by_label("Next", exact=True).check()
    expect(page.get_by_label("Sales Cycle Stage")).to_have_value("2")
    assert Decimal(page.get_by_label("Chances of Success %").input_value()) == 70  # the stage's chances
    page.screenshot(path=page.artifacts_dir / "6-update-next.png", full_page=True)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_test_id("message")).to_contain_text("Opportunity OP0001 has been updated. 1 task was created.")
    expect(page.get_by_test_id("stat-stage")).to_contain_text("2 Proposal")

    page.goto("/tasks/my/")
    expect(page.get_by_role("heading", name="My Tasks")).to_be_visible()
    proposal_row = page.get_by_test_id("tasks-my-tasks-list").locator("tbody tr").filter(has_text="Prepare proposal")
    expect(proposal_row).to_have_count(1)
    task = Task.objects.get(description="Prepare proposal")
    assert (task.salesperson, task.opportunity_no) == (lena, "OP0001")
    page.screenshot(path=page.artifacts_dir / "7-my-tasks.png", full_page=True)

    page.goto("/opportunities/OP0001/")
    page.get_by_test_id("close").click()
    page.get_by_test_id("close-status").get_by_label("Won").check()
    expect(page.get_by_label("Sales (LCY)")).to_be_enabled()  # the fields were refreshed for Won
    page.get_by_label("Close Opportunity Code").select_option("DEAL")
    page.get_by_label("Sales (LCY)").fill("12000")
    page.screenshot(path=page.artifacts_dir / "8-close-won.png", full_page=True)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_test_id("message")).to_contain_text("Opportunity OP0001 has been closed as Won.")
    expect(page.get_by_test_id("status-badge")).to_have_text("Won")
    log_out(page)

    # 4. The campaign statistics show the won value and the return (12,000 / 500 = 24.0×), loaded by htmx.
    browser_login(page, "mia")
    page.goto("/campaigns/CP0100/statistics/")
    block = page.locator("div[data-testid=opportunity-statistics]")
    expect(block).to_be_visible()
    expect(block.locator("[data-figure=no_of_won_opportunities]")).to_have_text("1")
    expect(block.locator("[data-figure=won_value]")).to_have_text("12,000.00")
    expect(block.locator("[data-figure=return]")).to_have_text("24.0×")
    expect(block).to_contain_text("Won Value (LCY)")
    expect(block).to_contain_text("Return")
    expect(block.locator("[data-figure=cost_per_won_opportunity]")).to_have_text("500.00")
    block.screenshot(path=page.artifacts_dir / "9-campaign-opportunity-statistics.png")

    # 5. The pipeline at desktop and phone width: the two open opportunities on stage 1, the moved one gone.
    page.goto("/opportunities/pipeline/?sales_cycle=KITCHEN")
    expect(page.get_by_test_id("pipeline-total")).to_contain_text("2 open opportunities")
    expect(page.locator("section[data-stage='1'] article")).to_have_count(2)
    expect(page.locator("article[data-no=OP0001]")).to_have_count(0)
    page.screenshot(path=page.artifacts_dir / "10-pipeline-desktop.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("pipeline-total")).to_be_visible()
    page.screenshot(path=page.artifacts_dir / "11-pipeline-phone.png", full_page=True)
    # No horizontal scroll of the page: the stage columns scroll inside their own board.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
