/** Newsletter lists and subscriber imports into them: screens and API over one service each. */
package app.recap.admin.lists;
