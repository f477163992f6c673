"""Admin form of the pages that carry the EU visibility block: publication is refused, with
the rule named, when the page would break one of the rules of ``commitments.eu_visibility``."""

from wagtail.admin.forms import WagtailAdminPageForm

# Values of the ``_eu_visibility_mode`` flag this form sets on the page it validates.
MODE_PUBLISH = "publish"
MODE_DRAFT = "draft"


class EUVisibilityPageForm(WagtailAdminPageForm):
    def publication_requested(self):
        """True for "Publier", for "Soumettre à la validation" (a request to publish) and for
        approving a moderation step from the edit page (which may publish)."""
        data = self.data
        if data.get("action-publish") or data.get("action-submit"):
            return True
        return bool(data.get("action-workflow-action")) and (
            data.get("workflow-action-name") == "approve"
        )

    def _post_clean(self):
        # The model's own check needs the inline logos, which the formsets only validate
        # after this step: the form runs the rules itself in is_valid().
        self.instance._eu_visibility_mode = MODE_DRAFT
        super()._post_clean()

    def is_valid(self):
        valid = super().is_valid()
        if not valid or not self.publication_requested():
            return valid
        from commitments.eu_visibility import publication_errors, site_for_page

        errors = publication_errors(
            self.instance,
            site=site_for_page(self.instance, self.parent_page),
            partner_logo_items=self.submitted_partner_logo_items(),
        )
        for message in errors:
            self.add_error(None, message)
        return not errors

    def submitted_partner_logo_items(self):
        """(name, image) pairs from the submitted inline partners, or None if the page has
        no partner logos (the rules then read them from the page)."""
        relation = getattr(self.instance, "partner_logo_relation", "")
        formset = self.formsets.get(relation) if relation else None
        if formset is None:
            return None
        name_field = self.instance.partner_logo_name_field
        items = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("logo"):
                continue
            items.append((data.get(name_field) or "", data["logo"]))
        return items
